package id.dicomgateway.dimse;

/**
 * An instance of a study still arriving needs a presentation context that was not proposed when
 * the association opened (PS3.8 9.3.2: contexts are fixed then). The association was aborted;
 * sending the whole study again, with every instance known, proposes it.
 */
public final class UnplannedInstanceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnplannedInstanceException(String message) {
        super(message, null, false, false);
    }
}
