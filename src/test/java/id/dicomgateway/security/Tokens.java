package id.dicomgateway.security;

import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;

/** Access tokens signed with the key whose public half quarkus-test-oidc-server publishes at its jwks_uri. */
final class Tokens {
    static final String ISSUER = "https://server.example.com";
    static final String AUDIENCE = "dicom-gateway";

    private Tokens() {
    }

    static String access(String user, String role) {
        return sign(user, role, AUDIENCE, Instant.now().plusSeconds(300));
    }

    static String expired(String user, String role) {
        return sign(user, role, AUDIENCE, Instant.now().minusSeconds(600));
    }

    static String wrongAudience(String user, String role) {
        return sign(user, role, "some-other-application", Instant.now().plusSeconds(300));
    }

    private static String sign(String user, String role, String audience, Instant expires) {
        return Jwt.preferredUserName(user).groups(Set.of(role)).issuer(ISSUER).audience(audience).subject(user)
                .issuedAt(expires.minusSeconds(900)).expiresAt(expires)
                .jws().keyId("1").sign("privateKey.jwk");
    }
}
