package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.ContextResult;
import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.find.FindHandler;
import id.dicomgateway.dicom.Uids;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Which presentation contexts an acceptor takes, with which transfer syntax (PS3.8 9.3.3.2,
 * PS3.7 D.3.3.4 / annex B): one decision per proposed context, independent of the others unless a
 * policy overrides {@link #decideAll}.
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

    /** One proposed presentation context: its SOP class and syntaxes, in the proposer's order. */
    record Proposal(String abstractSyntax, List<String> transferSyntaxes) {
        public Proposal {
            Objects.requireNonNull(abstractSyntax, "abstractSyntax");
            transferSyntaxes = List.copyOf(transferSyntaxes);
        }
    }

    /**
     * The decisions for all contexts of one A-ASSOCIATE-RQ, in their order. By default each alone;
     * a policy may look at the others (several contexts for one SOP class, PS3.8 9.3.2.2).
     */
    default List<Decision> decideAll(List<Proposal> proposals) {
        List<Decision> out = new ArrayList<>(proposals.size());
        for (Proposal p : proposals) {
            out.add(decide(p.abstractSyntax(), p.transferSyntaxes()));
        }
        return out;
    }

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
     * The classes of {@link #anyStorage()} for a node that passes what it stores on to a receiver
     * (the gateway's own SCP): the proposer's first syntax that the onward receiver is not known to
     * refuse ({@code onwardRefuses(sopClass, syntax)}; an uncompressed syntax never counts as refused,
     * the gateway converts between those itself; an unknown pair is not refused, it is learnt when the
     * instance arrives). A compressed syntax known to be refused is steered away from, so
     * that the sender, which proposed an alternative and so says it can produce it, decompresses
     * (Orthanc and dcm4chee-arc transcode when the compressed context is refused):
     * <ul>
     * <li>another syntax of the same context that is taken is accepted instead;</li>
     * <li>else the context is refused (transfer-syntaxes-not-supported) when another context of the
     *     request offers the same SOP class in a syntax that is taken;</li>
     * <li>else the proposer's first syntax is accepted as it is: the data set is stored as sent and
     *     the onward step reports it.</li>
     * </ul>
     */
    static AcceptPolicy forwarding(BiPredicate<String, String> onwardRefuses) {
        Objects.requireNonNull(onwardRefuses, "onwardRefuses");
        BiPredicate<String, String> taken = (sopClass, ts) -> TransferSyntax.of(ts).isUncompressed() || !onwardRefuses.test(sopClass, ts);
        return together(proposals -> {
            List<Decision> out = new ArrayList<>(proposals.size());
            for (Proposal p : proposals) {
                if (!storable(p.abstractSyntax()) || p.transferSyntaxes().isEmpty()) {
                    out.add(Decision.refuse(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED));
                    continue;
                }
                String first = p.transferSyntaxes().get(0);
                String good = p.transferSyntaxes().stream().filter(ts -> taken.test(p.abstractSyntax(), ts)).findFirst().orElse(null);
                if (good != null) {
                    out.add(Decision.accept(good));
                    continue;
                }
                boolean elsewhere = proposals.stream().anyMatch(o -> o != p && o.abstractSyntax().equals(p.abstractSyntax())
                        && o.transferSyntaxes().stream().anyMatch(ts -> taken.test(o.abstractSyntax(), ts)));
                out.add(elsewhere ? Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED) : Decision.accept(first));
            }
            return out;
        });
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

    /**
     * {@code storage} for every context, and the Modality Worklist Information Model - FIND (PS3.4 K.6.1.1) in
     * the proposer's first little-endian syntax (the SCP reads and writes Identifiers in those two, PS3.5 A.1, A.2).
     */
    static AcceptPolicy withWorklist(AcceptPolicy storage) {
        Objects.requireNonNull(storage, "storage");
        return together(proposals -> {
            List<Decision> out = new ArrayList<>(storage.decideAll(proposals));
            for (int i = 0; i < proposals.size(); i++) {
                Proposal p = proposals.get(i);
                if (FindHandler.MODALITY_WORKLIST_FIND.equals(p.abstractSyntax())) {
                    out.set(i, p.transferSyntaxes().stream()
                            .filter(ts -> Uids.EXPLICIT_VR_LITTLE_ENDIAN.equals(ts) || Uids.IMPLICIT_VR_LITTLE_ENDIAN.equals(ts))
                            .findFirst().map(Decision::accept).orElse(Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED)));
                }
            }
            return out;
        });
    }

    /** A policy that decides the contexts of a request together; a context decided alone is a request of one. */
    private static AcceptPolicy together(Function<List<Proposal>, List<Decision>> rule) {
        return new AcceptPolicy() {
            @Override
            public Decision decide(String abstractSyntax, List<String> proposed) {
                return decideAll(List.of(new Proposal(abstractSyntax, proposed))).get(0);
            }

            @Override
            public List<Decision> decideAll(List<Proposal> proposals) {
                return rule.apply(proposals);
            }
        };
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
