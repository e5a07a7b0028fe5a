package id.dicomgateway.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks on as in production, with the built-in user list and API keys only (no identity provider,
 * no peers): what a tester reaches from the network with a browser's cookie or a program's key.
 * GATEWAY_TRUSTED_PROXIES is left at its default (empty) here; {@link SessionsProfile} names 127.0.0.1 for
 * {@link TrustedProxyTest}.
 */
public class EdgeProfile implements QuarkusTestProfile {
    public static final String OPERATOR_KEY = "gw_edge_operator_1a2b3c4d5e6f7a8b9c0d1e2f";
    public static final String ADMIN_KEY = "gw_edge_admin_9f8e7d6c5b4a39281706f5e4";
    public static final String NURSE_PASSWORD = "Nurse-password-for-the-edge-test";
    /** Per-address minute of the rate-limited endpoints: small, so a few requests show whose bucket they use. */
    public static final int PER_ADDRESS = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("gateway.auth.mode", "required");
        c.put("gateway.auth.api-keys", "edge-operator:operator:" + ApiKeys.sha256Hex(OPERATOR_KEY)
                + ",edge-admin:admin:" + ApiKeys.sha256Hex(ADMIN_KEY));
        c.put("gateway.auth.users", "nurse:operator:" + Users.hash(NURSE_PASSWORD.toCharArray(), "fedcba9876543210".getBytes(), 100_000));
        c.put("gateway.auth.rate-limit.enabled", "true");
        c.put("gateway.auth.rate-limit.per-key", "1000");
        c.put("gateway.auth.rate-limit.per-address", Integer.toString(PER_ADDRESS));
        return c;
    }
}
