package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.ContextResult;
import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.AcceptPolicy.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SATUSEHAT router's negotiation (pynetdicom 2.0 as acceptor) and of the other policies. */
class AcceptPolicyTest {

    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.70";
    /** X-Ray Radiation Dose SR is among the 128; Enhanced US Volume too; Breast Projection X-Ray is not. */
    static final String BREAST_PROJECTION_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.13.1.4";
    static final String PATIENT_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.1.1";

    final AcceptPolicy router = AcceptPolicy.satusehatRouter();

    @Test
    void routerTakesItsOwnFirstChoiceNotTheProposers() {
        assertThat(router.decide(MR, List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.IMPLICIT_VR_LITTLE_ENDIAN));
        assertThat(router.decide(MR, List.of(Uids.EXPLICIT_VR_BIG_ENDIAN, Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(router.decide(MR, List.of(JPEG_LOSSLESS, Uids.EXPLICIT_VR_BIG_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.EXPLICIT_VR_BIG_ENDIAN));
    }

    @Test
    void routerAcceptsASingleProposalAsProposed() {
        assertThat(router.decide(MR, List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(router.decide(MR, List.of(JPEG_LOSSLESS))).isEqualTo(Decision.accept(JPEG_LOSSLESS));
        assertThat(router.decide(Uids.VERIFICATION_SOP_CLASS, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.IMPLICIT_VR_LITTLE_ENDIAN));
    }

    @Test
    void routerTakesOtherStorageClassesUncompressedOnly() {
        assertThat(StorageSopClasses.COMMON_128).hasSize(128).contains(MR, "1.2.840.10008.5.1.4.1.1.88.67")
                .doesNotContain(BREAST_PROJECTION_FOR_PRESENTATION);
        assertThat(router.decide(BREAST_PROJECTION_FOR_PRESENTATION, List.of(JPEG_LOSSLESS)))
                .isEqualTo(Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED));
        assertThat(router.decide(BREAST_PROJECTION_FOR_PRESENTATION, List.of(JPEG_LOSSLESS, Uids.EXPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(router.decide("1.2.840.10008.5.1.4.1.1.88.67", List.of("1.2.840.10008.1.2.4.91")))
                .isEqualTo(Decision.accept("1.2.840.10008.1.2.4.91"));
    }

    @Test
    void routerRefusesPrivateClassesAndOtherServices() {
        assertThat(router.decide(PATIENT_ROOT_FIND, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.refuse(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED));
        assertThat(router.decide("1.2.840.113619.4.27", List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.refuse(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED));
        assertThat(router.decide(MR, List.of("1.2.3.4.5"))).isEqualTo(Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED));
    }

    @Test
    void anyStorageTakesTheProposersFirstChoiceAndPrivateClasses() {
        AcceptPolicy any = AcceptPolicy.anyStorage();
        assertThat(any.decide(MR, List.of(JPEG_LOSSLESS, Uids.IMPLICIT_VR_LITTLE_ENDIAN))).isEqualTo(Decision.accept(JPEG_LOSSLESS));
        assertThat(any.decide("1.2.840.113619.4.27", List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(any.decide(PATIENT_ROOT_FIND, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)).accepted()).isFalse();
    }

    @Test
    void preferringUsesTheGivenOrder() {
        AcceptPolicy p = AcceptPolicy.preferring(List.of(Uids.EXPLICIT_VR_BIG_ENDIAN, Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(p.decide(MR, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN, Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.EXPLICIT_VR_BIG_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.EXPLICIT_VR_BIG_ENDIAN));
        assertThat(p.decide(MR, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED));
    }

    /** The gateway's own SCP: a compressed syntax the router does not take is avoided whenever the sender offers another. */
    @Test
    void forwardingSteersAwayFromASyntaxTheOnwardReceiverDoesNotTake() {
        String jpegLs = "1.2.840.10008.1.2.4.80";
        // The onward receiver refuses JPEG-LS, takes JPEG lossless; other pairs are unknown (so not refused).
        AcceptPolicy p = AcceptPolicy.forwarding((sopClass, ts) -> ts.equals(jpegLs));
        AcceptPolicy.Proposal onlyJpegLs = new AcceptPolicy.Proposal(MR, List.of(jpegLs));
        AcceptPolicy.Proposal uncompressed = new AcceptPolicy.Proposal(MR, List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN));
        // Taken: as proposed, compressed or not.
        assertThat(p.decide(MR, List.of(JPEG_LOSSLESS, Uids.EXPLICIT_VR_LITTLE_ENDIAN))).isEqualTo(Decision.accept(JPEG_LOSSLESS));
        assertThat(p.decide(MR, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN, Uids.EXPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.accept(Uids.IMPLICIT_VR_LITTLE_ENDIAN));
        // Not taken, an alternative in the same context: the alternative.
        assertThat(p.decide(MR, List.of(jpegLs, Uids.EXPLICIT_VR_LITTLE_ENDIAN))).isEqualTo(Decision.accept(Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        // Not taken, an alternative in another context of the same class: this one refused, so the sender converts.
        assertThat(p.decideAll(List.of(onlyJpegLs, uncompressed))).containsExactly(
                Decision.refuse(ContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED), Decision.accept(Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        // Unknown: accepted as proposed (learnt when the instance arrives).
        assertThat(p.decide(MR, List.of("1.2.840.10008.1.2.5", Uids.EXPLICIT_VR_LITTLE_ENDIAN))).isEqualTo(Decision.accept("1.2.840.10008.1.2.5"));
        // No alternative at all: accepted as sent (the onward step reports it); another class's context does not count.
        assertThat(p.decideAll(List.of(onlyJpegLs, new AcceptPolicy.Proposal("1.2.840.10008.5.1.4.1.1.2", List.of(Uids.EXPLICIT_VR_LITTLE_ENDIAN)))))
                .containsExactly(Decision.accept(jpegLs), Decision.accept(Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(p.decide(PATIENT_ROOT_FIND, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo(Decision.refuse(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED));
    }
}
