package id.dicomgateway.dimse;

import id.dicomgateway.dicom.Uids;
import java.util.List;
import java.util.Objects;

/**
 * Which presentation contexts an acceptor takes, with which transfer syntax (PS3.8 9.3.3.2,
 * PS3.7 D.3.3.4 / annex B): one decision per proposed context, independent of the others.
 */
@FunctionalInterface
public interface AcceptPolicy {

    /**
     * The decision for one proposed context.
     *
     * @param abstractSyntax          the proposed SOP class
     * @param proposedTransferSyntaxes in the proposer's order (its preference, PS3.8 9.3.2.2)
     */
    Decision decide(String abstractSyntax, List<String> proposedTransferSyntaxes);

    /** An accepted transfer syntax, or a refusal with its PS3.8 table 9-18 reason. */
    record Decision(ContextResult result, String transferSyntax) {
        public Decision {
            Objects.requireNonNull(result, "result");
            if (result == ContextResult.ACCEPTANCE && (transferSyntax == null || transferSyntax.isEmpty())) {
                throw new IllegalArgumentException("an accepted context needs a transfer syntax");
            }
            if (result != ContextResult.ACCEPTANCE && transferSyntax != null) {
                throw new IllegalArgumentException("a refused context has no transfer syntax");
            }
        }

        public static Decision accept(String transferSyntax) {
            return new Decision(ContextResult.ACCEPTANCE, transferSyntax);
        }

        public static Decision refuse(ContextResult why) {
            return new Decision(why, null);
        }

        public boolean accepted() {
            return result == ContextResult.ACCEPTANCE;
        }
    }

    /**
     * As the SATUSEHAT router (a pynetdicom 2.0.2 SCP with pydicom 2.3.1, as its source shows): Verification in the
     * uncompressed syntaxes; the 128 common storage classes in every syntax pydicom knows, compressed
     * included; every other standard storage class in the uncompressed syntaxes only; anything else
     * (private classes, other services) refused as abstract-syntax-not-supported. The syntax is the
     * acceptor's own preference: Implicit VR LE, Explicit VR LE, Deflated, Explicit VR BE, then the
     * compressed ones, whatever order the proposer used.
     */
    static AcceptPolicy satusehatRouter() {
        return (abstractSyntax, proposed) -> {
            List<String> ours;
            if (Uids.VERIFICATION_SOP_CLASS.equals(abstractSyntax)) {
                ours = StorageSopClasses.UNCOMPRESSED;
            } else if (StorageSopClasses.COMMON_128.contains(abstractSyntax)) {
                ours = StorageSopClasses.ALL_TRANSFER_SYNTAXES;
            } else if (StorageSopClasses.isStandardStorage(abstractSyntax)) {
                ours = StorageSopClasses.UNCOMPRESSED;
            } else {
                return Decision.refuse(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED);
            }
            return firstOfOurs(ours, proposed);
        };
    }

    /**
     * Verification and every storage class, standard or private, in the proposer's first syntax:
     * the receive side stores data sets as they come and converts nothing. Other standard services
     * (query/retrieve, worklist, print...) are refused.
     */
    static AcceptPolicy anyStorage() {
        return (abstractSyntax, proposed) -> {
            if (!storable(abstractSyntax)) {
                return Decision.refuse(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED);
            }
            return Decision.accept(proposed.get(0));
        };
    }

    /**
     * The classes of {@link #anyStorage()}, in the first syntax of {@code transferSyntaxesInOrder}
     * that the context proposes (for tests and interoperability checks).
     */
    static AcceptPolicy preferring(List<String> transferSyntaxesInOrder) {
        List<String> order = List.copyOf(transferSyntaxesInOrder);
        if (order.isEmpty()) {
            throw new IllegalArgumentException("at least one transfer syntax");
        }
        return (abstractSyntax, proposed) -> storable(abstractSyntax)
                ? firstOfOurs(order, proposed)
                : Decision.refuse(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED);
    }

    private static boolean storable(String abstractSyntax) {
        return Uids.VERIFICATION_SOP_CLASS.equals(abstractSyntax) || StorageSopClasses.isStandardStorage(abstractSyntax)
                || StorageSopClasses.isPrivate(abstractSyntax);
    }

    private static Decision firstOfOurs(List<String> ours, List<String> proposed) {
        for (String ts : ours) {
            if (proposed.contains(ts)) {
                return Decision.accept(ts);
            }
        }
        return Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED);
    }
}
