package id.dicomgateway.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks on, with two built-in users (one for sessions, one to be guessed at), an admin key to
 * read the audit trail, and the sign-in guard's production defaults except a 40-failure address
 * limit (every test request comes from 127.0.0.1).
 *
 * <p>Two more classes share this application (issue 22 step 5: one start instead of three), both by key only, so the
 * sign-in lock these tests leave on 127.0.0.1 does not touch them: {@code OrderRolesTest} (a viewer and an operator
 * key) and {@link TrustedProxyTest} ({@link EdgeProfile}'s operator and admin keys, and 127.0.0.1 named as the trusted
 * reverse proxy; the tests here send no X-Forwarded-* header, so their address stays the TCP peer's).
 */
public class SessionsProfile implements QuarkusTestProfile {
    public static final String ADMIN_KEY = "gw_admin_sessions_0c1d2e3f4a5b46c7d8e9f0a1b2c3";
    /** The keys of {@code OrderRolesTest}: a desk that reads orders and a SIMRS that posts them. */
    public static final String DESK_VIEWER_KEY = "gw_orders_viewer_5b1c2d3e4f5a6b7c8d9e0f1a";
    public static final String SIMRS_OPERATOR_KEY = "gw_orders_operator_7c8d9e0f1a2b3c4d5e6f7a8b";
    public static final String NURSE_PASSWORD = "correct horse battery staple";
    public static final String CLERK_PASSWORD = "clerk's own long passphrase";
    public static final int ADDRESS_FAILURES = 40;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("gateway.auth.mode", "required");
        c.put("gateway.auth.api-keys", "ops-admin:admin:" + ApiKeys.sha256Hex(ADMIN_KEY)
                + ",desk:viewer:" + ApiKeys.sha256Hex(DESK_VIEWER_KEY) + ",simrs:operator:" + ApiKeys.sha256Hex(SIMRS_OPERATOR_KEY)
                + ",edge-operator:operator:" + ApiKeys.sha256Hex(EdgeProfile.OPERATOR_KEY) + ",edge-admin:admin:" + ApiKeys.sha256Hex(EdgeProfile.ADMIN_KEY));
        // 100,000 rounds (the least accepted) keep the test quick; the work factor is not what is tested here.
        c.put("gateway.auth.users", "nurse:operator:" + Users.hash(NURSE_PASSWORD.toCharArray(), "0123456789abcdef".getBytes(), 100_000)
                + ",clerk:viewer:" + Users.hash(CLERK_PASSWORD.toCharArray(), "fedcba9876543210".getBytes(), 100_000));
        c.put("gateway.auth.sign-in.max-address-failures", Integer.toString(ADDRESS_FAILURES));
        c.put("quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        return c;
    }
}
