package id.dicomgateway.receive;

/** The receive side's own failure: a rules file that cannot be used, or a receive setting that is wrong. */
public final class RuleException extends RuntimeException {
    public RuleException(String message) {
        super(message);
    }

    public RuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
