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

    /**
     * Storage SOP classes a radiology study is made of (PS3.4 B.5; UIDs from PS3.6 Annex A): images,
     * the dose report, key objects, presentation states, screenshots and scanned documents. A study
     * still arriving gets contexts for all of them, as storescu proposes its whole list: one that
     * is not in the study costs a few bytes of A-ASSOCIATE-RQ, one that is missing costs a new
     * association for the whole study.
     */
    static final List<String> COMMON_STORAGE = List.of(
            "1.2.840.10008.5.1.4.1.1.2", // CT Image
            "1.2.840.10008.5.1.4.1.1.2.1", // Enhanced CT Image
            "1.2.840.10008.5.1.4.1.1.4", // MR Image
            "1.2.840.10008.5.1.4.1.1.4.1", // Enhanced MR Image
            "1.2.840.10008.5.1.4.1.1.1", // Computed Radiography Image
            "1.2.840.10008.5.1.4.1.1.1.1", // Digital X-Ray Image - For Presentation
            "1.2.840.10008.5.1.4.1.1.1.1.1", // Digital X-Ray Image - For Processing
            "1.2.840.10008.5.1.4.1.1.1.2", // Digital Mammography X-Ray Image - For Presentation
            "1.2.840.10008.5.1.4.1.1.1.3", // Digital Intra-Oral X-Ray Image - For Presentation
            "1.2.840.10008.5.1.4.1.1.13.1.3", // Breast Tomosynthesis Image
            "1.2.840.10008.5.1.4.1.1.6.1", // Ultrasound Image
            "1.2.840.10008.5.1.4.1.1.3.1", // Ultrasound Multi-frame Image
            "1.2.840.10008.5.1.4.1.1.12.1", // X-Ray Angiographic Image
            "1.2.840.10008.5.1.4.1.1.12.2", // X-Ray Radiofluoroscopic Image
            "1.2.840.10008.5.1.4.1.1.20", // Nuclear Medicine Image
            "1.2.840.10008.5.1.4.1.1.128", // Positron Emission Tomography Image
            "1.2.840.10008.5.1.4.1.1.7", // Secondary Capture Image
            "1.2.840.10008.5.1.4.1.1.7.4", // Multi-frame True Color Secondary Capture Image
            "1.2.840.10008.5.1.4.1.1.77.1.4", // VL Photographic Image
            "1.2.840.10008.5.1.4.1.1.11.1", // Grayscale Softcopy Presentation State
            "1.2.840.10008.5.1.4.1.1.88.59", // Key Object Selection Document
            "1.2.840.10008.5.1.4.1.1.88.11", // Basic Text SR
            "1.2.840.10008.5.1.4.1.1.88.22", // Enhanced SR
            "1.2.840.10008.5.1.4.1.1.88.33", // Comprehensive SR
            "1.2.840.10008.5.1.4.1.1.88.67", // X-Ray Radiation Dose SR
            "1.2.840.10008.5.1.4.1.1.104.1", // Encapsulated PDF
            "1.2.840.10008.5.1.4.1.1.66"); // Raw Data

    /** Exactly the pairs of {@code instances}: all of them are known. */
    PresentationContextPlan(List<StoreRequest> instances) {
        this(instances, Set.of(), false);
    }

    /**
     * The pairs of the instances seen so far; for a study still {@code arriving}, then for every
     * SOP class seen, {@code expected} (listed by the PACS) or common, each syntax seen so far and
     * Explicit VR Little Endian, so that an unseen instance in the study's syntax, or in any
     * uncompressed one (converted), has a context.
     */
    PresentationContextPlan(List<StoreRequest> instances, Set<String> expected, boolean arriving) {
        Set<String> sopClasses = new LinkedHashSet<>();
        Set<TransferSyntax> syntaxes = new LinkedHashSet<>();
        for (StoreRequest request : instances) {
            Key key = key(request);
            if (key != null) {
                add(key, request.header().transferSyntax());
                sopClasses.add(key.sopClassUid());
                syntaxes.add(request.header().transferSyntax());
            }
        }
        if (!arriving) {
            return;
        }
        sopClasses.addAll(new java.util.TreeSet<>(expected));
        sopClasses.addAll(COMMON_STORAGE);
        syntaxes.add(TransferSyntax.EXPLICIT_VR_LE);
        for (String sopClass : sopClasses) {
            for (TransferSyntax syntax : syntaxes) {
                add(new Key(sopClass, syntax.uid()), syntax);
            }
        }
    }

    private void add(Key key, TransferSyntax syntax) {
        if (contexts.containsKey(key) || contexts.size() == MAX_CONTEXTS) {
            return;
        }
        int id = 2 * contexts.size() + 1;
        contexts.put(key, new PresentationContextRq(id, key.sopClassUid(), syntaxesFor(syntax)));
    }

    /**
     * Whether the plan proposed a context that could carry this instance: one for its own pair, or,
     * for an uncompressed instance, an uncompressed one for its SOP class (it is converted).
     */
    boolean proposed(StoreRequest request) {
        Key key = key(request);
        if (key == null) {
            return true;
        }
        if (contexts.containsKey(key)) {
            return true;
        }
        return request.header().transferSyntax().isUncompressed()
                && contexts.values().stream().anyMatch(rq -> rq.abstractSyntax().equals(key.sopClassUid())
                        && rq.transferSyntaxes().contains(TransferSyntax.EXPLICIT_VR_LE.uid()));
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
            why = contexts.size() == MAX_CONTEXTS
                    ? "more than " + MAX_CONTEXTS + " distinct SOP class / transfer syntax pairs in one association"
                    : "not proposed: the association opened before this pair was seen";
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
