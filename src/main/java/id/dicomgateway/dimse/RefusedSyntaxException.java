package id.dicomgateway.dimse;

import java.util.List;

/**
 * The receiver refused the context that proposed an instance's own encapsulated syntax alone
 * (PS3.8 9.3.3.2), and encapsulated pixels are never converted here: that instance cannot go in
 * this association. For a study that must go whole (one association, released only when every
 * instance is in, docs/domain.md §4) the association was aborted before it could be released with the
 * instance missing; the caller gets the study in a syntax the receiver takes and sends it all again.
 */
public final class RefusedSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One instance the receiver cannot take as it is. */
    public record Refused(String sopInstanceUid, SyntaxPair pair) {
    }

    private final transient List<Refused> refused;

    public RefusedSyntaxException(List<Refused> refused) {
        super(message(refused), null, false, false);
        this.refused = List.copyOf(refused);
    }

    /** Every instance found refused before the association was aborted (at least one). */
    public List<Refused> refused() {
        return refused;
    }

    private static String message(List<Refused> refused) {
        Refused first = refused.get(0);
        return "the receiver refused " + first.pair().transferSyntaxUid() + " for SOP class " + first.pair().sopClassUid()
                + " (instance " + first.sopInstanceUid() + (refused.size() > 1 ? " and " + (refused.size() - 1) + " more" : "")
                + "); the association was aborted, not released";
    }
}
