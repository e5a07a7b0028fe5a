package id.dicomgateway.dimse;

import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
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
 * <p>An acceptor takes one syntax per context, and may pick by its own preference, not ours
 * (PS3.8 9.3.3.2): the SATUSEHAT router, a pynetdicom SCP, takes Implicit VR LE out of any
 * context that offers it (docs/domain.md §4). So each instance's own syntax is proposed ALONE, one
 * context per (SOP class, own syntax): a receiver that takes it needs no conversion. Beside
 * those, one fallback context per SOP class offers Explicit and Implicit VR Little Endian, which
 * {@code dicom.Transcoder} can produce from any uncompressed syntax; an instance is converted
 * only when the receiver took none of its own syntax. Encapsulated pixels are never converted
 * here (no pixel transcoding, docs/domain.md §6).
 */
final class PresentationContextPlan {

    /** PS3.8 9.3.2.2: IDs are odd, 1..255, so at most 128 contexts. */
    static final int MAX_CONTEXTS = 128;

    /** The syntaxes of a SOP class's fallback context, Explicit first (it keeps the VRs). */
    static final List<String> FALLBACK = List.of(TransferSyntax.EXPLICIT_VR_LE.uid(), TransferSyntax.IMPLICIT_VR_LE.uid());

    /** A context proposing one syntax alone, or ({@code transferSyntaxUid} null) the SOP class's fallback. */
    private record Key(String sopClassUid, String transferSyntaxUid) {
        static Key fallback(String sopClassUid) {
            return new Key(sopClassUid, null);
        }
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

    /** The pairs of {@code instances}, each alone, and a fallback for each of their SOP classes. */
    PresentationContextPlan(List<StoreRequest> instances) {
        this(instances, Set.of(), false);
    }

    /**
     * The pairs of the instances seen so far, each alone, then a fallback for each of their SOP
     * classes; for a study still {@code arriving}, then for every SOP class {@code expected} (listed
     * by the PACS) or common, each syntax seen so far alone and the fallback, so that an unseen
     * instance in the study's syntax goes unconverted and one in any uncompressed syntax can be
     * converted. Within {@link #MAX_CONTEXTS}, in that order of importance.
     */
    PresentationContextPlan(List<StoreRequest> instances, Set<String> expected, boolean arriving) {
        Set<String> sopClasses = new LinkedHashSet<>();
        Set<String> syntaxes = new LinkedHashSet<>();
        for (StoreRequest request : instances) {
            Key key = key(request);
            if (key != null) {
                add(key);
                sopClasses.add(key.sopClassUid());
                syntaxes.add(key.transferSyntaxUid());
            }
        }
        for (String sopClass : sopClasses) {
            add(Key.fallback(sopClass));
        }
        if (!arriving) {
            return;
        }
        Set<String> others = new LinkedHashSet<>(new java.util.TreeSet<>(expected));
        others.addAll(COMMON_STORAGE);
        for (String sopClass : others) {
            for (String syntax : syntaxes) {
                add(new Key(sopClass, syntax));
            }
            add(Key.fallback(sopClass));
        }
    }

    private void add(Key key) {
        if (contexts.containsKey(key) || contexts.size() == MAX_CONTEXTS) {
            return;
        }
        int id = 2 * contexts.size() + 1;
        List<String> syntaxes = key.transferSyntaxUid() == null ? FALLBACK : List.of(key.transferSyntaxUid());
        contexts.put(key, new PresentationContextRq(id, key.sopClassUid(), syntaxes));
    }

    /**
     * Whether the plan proposed a context that could carry this instance: one for its own pair, or,
     * for an uncompressed instance, its SOP class's fallback (it is converted).
     */
    boolean proposed(StoreRequest request) {
        Key key = key(request);
        if (key == null) {
            return true;
        }
        return contexts.containsKey(key)
                || request.header().transferSyntax().isUncompressed() && contexts.containsKey(Key.fallback(key.sopClassUid()));
    }

    List<PresentationContextRq> proposals() {
        return List.copyOf(contexts.values());
    }

    /** How one instance goes: on context {@code contextId}, in {@code syntax}. */
    record Choice(int contextId, TransferSyntax syntax) {
        boolean keepsVrs() {
            return !syntax.uid().equals(TransferSyntax.IMPLICIT_VR_LE.uid());
        }
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
            boolean explicit = ac.transferSyntax().equals(TransferSyntax.EXPLICIT_VR_LE.uid());
            boolean implicit = ac.transferSyntax().equals(TransferSyntax.IMPLICIT_VR_LE.uid());
            // a conversion keeps the VRs when it can: Explicit VR LE wins over Implicit (PS3.5 A.1, A.2)
            if (own.isUncompressed() && (explicit && (converted == null || !converted.keepsVrs())
                    || implicit && converted == null)) {
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
                    + (own.isUncompressed() ? "" : "; an encapsulated syntax is never converted here")
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
