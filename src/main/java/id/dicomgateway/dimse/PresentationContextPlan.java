package id.dicomgateway.dimse;

import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.PduItems.PresentationContextRq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which presentation contexts to propose for a set of instances, and after negotiation which
 * accepted context carries each instance, in which syntax.
 *
 * <p>One context per (SOP class, the instance's own transfer syntax): the own syntax first, so a
 * receiver that takes it needs no conversion, then Explicit and Implicit VR Little Endian for
 * uncompressed data, which {@code dicom.Transcoder} can produce. An encapsulated syntax is
 * proposed alone: its pixels cannot be converted (no pixel transcoding, DOMAIN.md §6). Keeping
 * each own syntax in its own context means a receiver's choice for one never forces a conversion
 * on another (an SCP accepts one syntax per context, PS3.8 9.3.3.2).
 */
final class PresentationContextPlan {

    /** PS3.8 9.3.2.2: IDs are odd, 1..255, so at most 128 contexts. */
    static final int MAX_CONTEXTS = 128;

    private record Key(String sopClassUid, String transferSyntaxUid) {
    }

    private final Map<Key, PresentationContextRq> contexts = new LinkedHashMap<>();

    PresentationContextPlan(List<StoreRequest> instances) {
        for (StoreRequest request : instances) {
            Key key = key(request);
            if (key == null || contexts.containsKey(key) || contexts.size() == MAX_CONTEXTS) {
                continue;
            }
            int id = 2 * contexts.size() + 1;
            contexts.put(key, new PresentationContextRq(id, key.sopClassUid(), syntaxesFor(request.header().transferSyntax())));
        }
    }

    List<PresentationContextRq> proposals() {
        return List.copyOf(contexts.values());
    }

    static List<String> syntaxesFor(TransferSyntax own) {
        Set<String> syntaxes = new LinkedHashSet<>();
        syntaxes.add(own.uid());
        if (own.isUncompressed()) {
            syntaxes.add(TransferSyntax.EXPLICIT_VR_LE.uid());
            syntaxes.add(TransferSyntax.IMPLICIT_VR_LE.uid());
        }
        return List.copyOf(syntaxes);
    }

    /** How one instance goes: on context {@code contextId}, in {@code syntax}. */
    record Choice(int contextId, TransferSyntax syntax) {
    }

    /**
     * The context for an instance, or a {@link DimseException} (NO_PRESENTATION_CONTEXT) naming the
     * SOP class and the syntaxes proposed and accepted.
     */
    Choice choose(StoreRequest request, Map<Integer, PresentationContextAc> results) throws DimseException {
        Key key = key(request);
        if (key == null) {
            throw new DimseException(FailureCause.READ_ERROR, "instance without SOP Class or Transfer Syntax UID");
        }
        TransferSyntax own = request.header().transferSyntax();
        Choice converted = null;
        List<String> accepted = new ArrayList<>();
        for (PresentationContextRq rq : contexts.values()) {
            if (!rq.abstractSyntax().equals(key.sopClassUid())) {
                continue;
            }
            PresentationContextAc ac = results.get(rq.id());
            if (ac == null || !ac.accepted()) {
                continue;
            }
            accepted.add(ac.transferSyntax());
            if (ac.transferSyntax().equals(own.uid())) {
                return new Choice(rq.id(), own);
            }
            if (own.isUncompressed() && converted == null
                    && (ac.transferSyntax().equals(TransferSyntax.EXPLICIT_VR_LE.uid())
                        || ac.transferSyntax().equals(TransferSyntax.IMPLICIT_VR_LE.uid()))) {
                converted = new Choice(rq.id(), TransferSyntax.of(ac.transferSyntax()));
            }
        }
        if (converted != null) {
            return converted;
        }
        PresentationContextRq proposed = contexts.get(key);
        String why;
        if (proposed == null) {
            why = "more than " + MAX_CONTEXTS + " distinct SOP class / transfer syntax pairs in one association";
        } else {
            PresentationContextAc ac = results.get(proposed.id());
            why = "proposed " + proposed.transferSyntaxes() + ", peer answered "
                    + (ac == null ? "nothing" : ac.resultText())
                    + (accepted.isEmpty() ? "" : "; accepted for this SOP class only " + accepted);
        }
        throw new DimseException(FailureCause.NO_PRESENTATION_CONTEXT, "no accepted presentation context for SOP class "
                + key.sopClassUid() + " in " + own.name() + " (" + own.uid() + "): " + why);
    }

    private static Key key(StoreRequest request) {
        String sopClass = request.header().sopClassUid();
        String syntax = request.header().transferSyntaxUid();
        if (sopClass == null || sopClass.isBlank() || syntax == null || syntax.isBlank()) {
            return null;
        }
        return new Key(sopClass, syntax);
    }
}
