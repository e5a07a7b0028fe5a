package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresentationContextPlanTest {

    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String JPEG2000 = "1.2.840.10008.1.2.4.91";
    static final String EXPLICIT = TransferSyntax.EXPLICIT_VR_LE.uid();
    static final String IMPLICIT = TransferSyntax.IMPLICIT_VR_LE.uid();
    static final String BIG = TransferSyntax.EXPLICIT_VR_BE.uid();

    static StoreRequest instance(String sopClass, String ts, String uid) {
        return new StoreRequest(Path.of(uid + ".dcm"), new InstanceHeader(sopClass, uid, ts, "1.2", "1.2.3", true, 132));
    }

    @Test
    void eachOwnSyntaxAloneThenOneFallbackPerSopClass() {
        PresentationContextPlan plan = new PresentationContextPlan(List.of(instance(MR, EXPLICIT, "1"),
                instance(MR, EXPLICIT, "2"), instance(MR, BIG, "3"), instance(CT, JPEG2000, "4"), instance(MR, IMPLICIT, "5")));
        assertThat(plan.proposals()).containsExactly(
                new PresentationContextRq(1, MR, List.of(EXPLICIT)),
                new PresentationContextRq(3, MR, List.of(BIG)),
                new PresentationContextRq(5, CT, List.of(JPEG2000)),
                new PresentationContextRq(7, MR, List.of(IMPLICIT)),
                new PresentationContextRq(9, MR, List.of(EXPLICIT, IMPLICIT)),
                new PresentationContextRq(11, CT, List.of(EXPLICIT, IMPLICIT)));
    }

    @Test
    void choosesOwnSyntaxElseConvertsUncompressedPreferringExplicitElseFailsNamingWhy() throws Exception {
        List<StoreRequest> all = List.of(instance(MR, EXPLICIT, "1"), instance(MR, BIG, "3"), instance(CT, JPEG2000, "4"));
        PresentationContextPlan plan = new PresentationContextPlan(all);
        // contexts: 1 MR explicit, 3 MR big endian, 5 CT JPEG 2000, 7 MR fallback, 9 CT fallback.
        // An Implicit-preferring receiver: explicit alone taken, big endian and JPEG 2000 refused, fallbacks as Implicit
        Map<Integer, PresentationContextAc> implicitFirst = Map.of(
                1, new PresentationContextAc(1, 0, EXPLICIT),
                3, new PresentationContextAc(3, 4, ""),
                5, new PresentationContextAc(5, 4, ""),
                7, new PresentationContextAc(7, 0, IMPLICIT),
                9, new PresentationContextAc(9, 0, IMPLICIT));
        assertThat(plan.choose(all.get(0), implicitFirst)).isEqualTo(new PresentationContextPlan.Choice(1, TransferSyntax.EXPLICIT_VR_LE));
        // big endian converts, to Explicit VR LE (context 1) rather than Implicit (context 7): the VRs stay
        assertThat(plan.choose(all.get(1), implicitFirst)).isEqualTo(new PresentationContextPlan.Choice(1, TransferSyntax.EXPLICIT_VR_LE));
        assertThatThrownBy(() -> plan.choose(all.get(2), implicitFirst)).isInstanceOfSatisfying(DimseException.class, e -> {
            assertThat(e.cause()).isEqualTo(FailureCause.NO_PRESENTATION_CONTEXT);
            assertThat(e.getMessage()).contains("SOP class " + CT).contains(JPEG2000)
                    .contains("transfer-syntaxes-not-supported").contains("never converted");
        });
        // an Implicit-only receiver: explicit is converted on the fallback
        Map<Integer, PresentationContextAc> implicitOnly = Map.of(
                1, new PresentationContextAc(1, 4, ""), 3, new PresentationContextAc(3, 4, ""),
                7, new PresentationContextAc(7, 0, IMPLICIT));
        assertThat(plan.choose(all.get(0), implicitOnly)).isEqualTo(new PresentationContextPlan.Choice(7, TransferSyntax.IMPLICIT_VR_LE));
        // when the own syntax is accepted somewhere, it wins over a conversion
        Map<Integer, PresentationContextAc> own = Map.of(1, new PresentationContextAc(1, 0, EXPLICIT),
                3, new PresentationContextAc(3, 0, BIG), 5, new PresentationContextAc(5, 0, JPEG2000));
        assertThat(plan.choose(all.get(1), own)).isEqualTo(new PresentationContextPlan.Choice(3, TransferSyntax.EXPLICIT_VR_BE));
        assertThat(plan.choose(all.get(2), own)).isEqualTo(new PresentationContextPlan.Choice(5, TransferSyntax.of(JPEG2000)));
    }

    /** Against the SATUSEHAT router's own negotiation (AcceptPolicy.satusehatRouter): nothing uncompressed is converted. */
    @Test
    void theRoutersPreferenceForImplicitConvertsNothing() throws Exception {
        List<StoreRequest> all = List.of(instance(MR, EXPLICIT, "1"), instance(MR, IMPLICIT, "2"),
                instance(CT, "1.2.840.10008.1.2.4.70", "3"), instance(CT, EXPLICIT, "4"));
        PresentationContextPlan plan = new PresentationContextPlan(all);
        AcceptPolicy router = AcceptPolicy.satusehatRouter();
        Map<Integer, PresentationContextAc> results = new java.util.HashMap<>();
        for (PresentationContextRq rq : plan.proposals()) {
            AcceptPolicy.Decision d = router.decide(rq.abstractSyntax(), rq.transferSyntaxes());
            results.put(rq.id(), new PresentationContextAc(rq.id(), d.result().code(), d.accepted() ? d.transferSyntax() : ""));
        }
        for (StoreRequest request : all) {
            assertThat(plan.choose(request, results).syntax().uid()).isEqualTo(request.header().transferSyntaxUid());
        }
    }

    @Test
    void atMost128ContextsTheRestFailWithAReason() {
        List<StoreRequest> many = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            many.add(instance("1.2.3." + i, EXPLICIT, "9." + i));
        }
        PresentationContextPlan plan = new PresentationContextPlan(many);
        assertThat(plan.proposals()).hasSize(128);
        assertThat(plan.proposals().get(127).id()).isEqualTo(255);
        assertThatThrownBy(() -> plan.choose(many.get(129), Map.of())).isInstanceOfSatisfying(DimseException.class,
                e -> assertThat(e.getMessage()).contains("more than 128"));
    }

    /** A study still arriving: the first pair, its fallback, then every listed and common class in the seen syntax alone and the fallback. */
    @Test
    void aStudyStillArrivingProposesCommonClassesInTheSeenSyntaxAndTheFallback() {
        String rtStruct = "1.2.840.10008.5.1.4.1.1.481.3";
        PresentationContextPlan plan = new PresentationContextPlan(List.of(instance(CT, JPEG2000, "1")), Set.of(rtStruct), true);
        List<PresentationContextRq> proposals = plan.proposals();
        assertThat(proposals.get(0)).isEqualTo(new PresentationContextRq(1, CT, List.of(JPEG2000)));
        assertThat(proposals.get(1)).isEqualTo(new PresentationContextRq(3, CT, List.of(EXPLICIT, IMPLICIT)));
        int classes = 1 + 1 + PresentationContextPlan.COMMON_STORAGE.size() - 1; // CT is common too
        assertThat(proposals).hasSize(classes * 2).hasSizeLessThanOrEqualTo(PresentationContextPlan.MAX_CONTEXTS);
        for (String sopClass : PresentationContextPlan.COMMON_STORAGE) {
            assertThat(proposals).contains(new PresentationContextRq(idOf(proposals, sopClass, JPEG2000), sopClass, List.of(JPEG2000)));
            assertThat(proposals).anyMatch(rq -> rq.abstractSyntax().equals(sopClass)
                    && rq.transferSyntaxes().equals(List.of(EXPLICIT, IMPLICIT)));
        }
        assertThat(proposals).anyMatch(rq -> rq.abstractSyntax().equals(rtStruct));
        assertThat(proposals).extracting(PresentationContextRq::id).doesNotHaveDuplicates().allMatch(id -> id % 2 == 1 && id <= 255);
        // proposed: a later MR in JPEG 2000, any uncompressed CT (on the fallback); not: an unlisted class, another codec
        assertThat(plan.proposed(instance(MR, JPEG2000, "2"))).isTrue();
        assertThat(plan.proposed(instance(CT, BIG, "3"))).isTrue();
        assertThat(plan.proposed(instance("1.2.840.10008.5.1.4.1.1.481.5", EXPLICIT, "4"))).isFalse();
        assertThat(plan.proposed(instance(CT, "1.2.840.10008.1.2.4.50", "5"))).isFalse();
        // a plan of known instances proposes exactly their pairs and their classes' fallbacks
        assertThat(new PresentationContextPlan(List.of(instance(CT, JPEG2000, "1")), Set.of(rtStruct), false).proposals())
                .containsExactly(new PresentationContextRq(1, CT, List.of(JPEG2000)),
                        new PresentationContextRq(3, CT, List.of(EXPLICIT, IMPLICIT)));
        // an Explicit VR study: every class gets Explicit alone, so no instance of it meets an Implicit-first choice
        PresentationContextPlan explicit = new PresentationContextPlan(List.of(instance(CT, EXPLICIT, "1")), Set.of(), true);
        for (String sopClass : PresentationContextPlan.COMMON_STORAGE) {
            assertThat(explicit.proposals()).anyMatch(rq -> rq.abstractSyntax().equals(sopClass) && rq.transferSyntaxes().equals(List.of(EXPLICIT)));
        }
    }

    private static int idOf(List<PresentationContextRq> proposals, String sopClass, String syntax) {
        return proposals.stream().filter(rq -> rq.abstractSyntax().equals(sopClass) && rq.transferSyntaxes().get(0).equals(syntax))
                .findFirst().orElseThrow(() -> new AssertionError("no " + syntax + " context for " + sopClass)).id();
    }
}
