package id.dicomgateway.security;

import io.quarkus.security.identity.SecurityIdentity;

/** How an identity signed in, as the audit trail names it. */
public final class SignIn {
    static final String METHOD_ATTRIBUTE = "gateway.sign-in";
    static final String API_KEY = "api-key";
    static final String PASSWORD = "password";
    static final String OIDC = "oidc";
    public static final String NONE = "none";

    private SignIn() {
    }

    public static String method(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return "anonymous";
        }
        Object m = identity.getAttribute(METHOD_ATTRIBUTE);
        return m != null ? m.toString() : OIDC; // OIDC identities are built by quarkus-oidc, without our attribute
    }
}
