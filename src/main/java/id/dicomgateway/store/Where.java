package id.dicomgateway.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The WHERE clause of a list query, made of the conditions a filter gives (a condition whose value is
 * not given is left out), with its arguments added in order to the statement's.
 */
public final class Where {
    private final List<String> parts = new ArrayList<>();
    private final List<Object> args;

    /** Conditions whose arguments go into {@code args}. */
    public Where(List<Object> args) {
        this.args = args;
    }

    /** {@code condition} (one {@code ?}) with {@code value}; nothing when the value is null. */
    public Where is(String condition, Object value) {
        if (value != null) {
            parts.add(condition);
            args.add(value);
        }
        return this;
    }

    /** {@code column IN (?, …)} with the names of {@code values}, sorted; nothing when there are none. */
    public Where in(String column, Collection<? extends Enum<?>> values) {
        if (!values.isEmpty()) {
            parts.add(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
            values.stream().map(Enum::name).sorted().forEach(args::add);
        }
        return this;
    }

    /** " WHERE a AND b …", or "" when no condition was given. */
    @Override
    public String toString() {
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }
}
