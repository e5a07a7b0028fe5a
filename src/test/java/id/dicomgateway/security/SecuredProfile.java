package id.dicomgateway.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks on, as in production: three API keys (one per role), a user list, and the hospital
 * identity provider played by quarkus-test-oidc-server's WireMock provider, which signs real
 * RS256 tokens ({@link Tokens}).
 */
public class SecuredProfile implements QuarkusTestProfile {
    public static final String VIEWER_KEY = "gw_viewer_4f1c2b7e9d0a4c8bb1e2f3a4b5c6d7e8";
    public static final String OPERATOR_KEY = "gw_operator_9a8b7c6d5e4f40312a1b2c3d4e5f6a7b";
    public static final String ADMIN_KEY = "gw_admin_0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5f6";
    /** Was the "old-bridge" key, then removed from GATEWAY_API_KEYS: revoked. */
    public static final String REVOKED_KEY = "gw_operator_revoked_77aa88bb99cc00dd11ee22ff";
    /** Used only by the rate-limit test, so no other test's requests count against it. */
    public static final String BURST_KEY = "gw_viewer_burst_5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a";
    public static final int PER_KEY = 20;
    /** Keys used only by the per-address test: together more than an address may send, each well under its own minute. */
    public static final int ADDRESS_KEYS = 30;
    public static final int PER_ADDRESS = 200;
    public static final String NURSE_PASSWORD = "correct horse battery staple";

    public static String addressKey(int i) {
        return "gw_viewer_address_" + i + "_3c4d5e6f7a8b9c0d1e2f";
    }

    private static String addressKeys() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ADDRESS_KEYS; i++) {
            b.append(",address-").append(i).append(":viewer:").append(ApiKeys.sha256Hex(addressKey(i)));
        }
        return b.toString();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("gateway.auth.mode", "required");
        c.put("gateway.auth.api-keys", "pacs-viewer:viewer:" + ApiKeys.sha256Hex(VIEWER_KEY)
                + ",ris-bridge:operator:" + ApiKeys.sha256Hex(OPERATOR_KEY)
                + ",ops-admin:admin:" + ApiKeys.sha256Hex(ADMIN_KEY)
                + ",burst:viewer:" + ApiKeys.sha256Hex(BURST_KEY) + addressKeys());
        c.put("gateway.auth.rate-limit.enabled", "true");
        c.put("gateway.auth.rate-limit.per-key", Integer.toString(PER_KEY));
        c.put("gateway.auth.rate-limit.per-address", Integer.toString(PER_ADDRESS));
        c.put("gateway.auth.users", "nurse:operator:" + Users.hash(NURSE_PASSWORD.toCharArray(), "0123456789abcdef".getBytes(), 100_000));
        c.put("gateway.auth.oidc", "true");
        c.put("quarkus.oidc.tenant-enabled", "true");
        c.put("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus");
        c.put("quarkus.oidc.token.audience", Tokens.AUDIENCE);
        c.put("quarkus.oidc.web.tenant-enabled", "true");
        c.put("quarkus.oidc.web.auth-server-url", "${keycloak.url}/realms/quarkus");
        c.put("quarkus.oidc.web.client-id", "quarkus-web-app");
        c.put("quarkus.oidc.web.credentials.secret", "a-client-secret-of-at-least-32-characters");
        c.put("quarkus.oidc.web.authentication.cookie-force-secure", "false");
        // The tests play the HTTPS ingress from 127.0.0.1 (X-Forwarded-Proto, -For): name it, as a hospital names its ingress.
        c.put("quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        return c;
    }
}
