package id.dicomgateway.security;

import java.util.List;
import java.util.Set;

/**
 * The three roles of the gateway, each including the ones below it: an operator may do what a
 * viewer may, an admin what an operator may. Endpoints name the least role they need
 * ({@code @RolesAllowed(Roles.OPERATOR)}); {@link RoleAugmentor} adds the implied roles to every
 * identity, so the framework's own check is the only check.
 */
public final class Roles {
    /** Dashboard, jobs, health, search results; no downloads. */
    public static final String VIEWER = "viewer";
    /** Process, direct-dcm, upload, download, retry and cancel. */
    public static final String OPERATOR = "operator";
    /** Purge, rules and settings, the audit trail. */
    public static final String ADMIN = "admin";

    /** Lowest first. */
    public static final List<String> ALL = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }

    public static boolean known(String role) {
        return ALL.contains(role);
    }

    /** {@code role} and every role below it. */
    public static Set<String> implied(String role) {
        int i = ALL.indexOf(role);
        return i < 0 ? Set.of() : Set.copyOf(ALL.subList(0, i + 1));
    }

    /** The highest of the gateway's roles in {@code roles}, or {@code null}. */
    public static String highest(Set<String> roles) {
        for (int i = ALL.size() - 1; i >= 0; i--) {
            if (roles.contains(ALL.get(i))) {
                return ALL.get(i);
            }
        }
        return null;
    }
}
