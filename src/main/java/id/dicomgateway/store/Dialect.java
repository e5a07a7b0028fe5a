package id.dicomgateway.store;

/** The two databases the store runs on; the SQL is the same, these are the differences. */
public enum Dialect {
    /** Several replicas: claims skip rows others locked, changes reach others by LISTEN/NOTIFY. */
    POSTGRESQL,
    /** One node, an H2 file in the data directory: claimers take turns, changes are told in-process. */
    H2;

    public static Dialect ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("the job store runs on PostgreSQL (jdbc:postgresql://...) or H2, not on "
                + jdbcUrl.replaceAll("^(jdbc:[a-z0-9]+:).*", "$1..."));
    }
}
