package id.dicomgateway.dimse.pdu;

import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import java.util.List;

/**
 * The seven protocol data units of the DICOM upper layer (PS3.8 9.3). Pure data: encoding is
 * {@link PduWriter}, decoding {@link PduReader}; neither knows the association state.
 */
public sealed interface Pdu {

    /** PDU-type of PS3.8 table 9-1 .. 9-26. */
    int type();

    int TYPE_A_ASSOCIATE_RQ = 0x01;
    int TYPE_A_ASSOCIATE_AC = 0x02;
    int TYPE_A_ASSOCIATE_RJ = 0x03;
    int TYPE_P_DATA_TF = 0x04;
    int TYPE_A_RELEASE_RQ = 0x05;
    int TYPE_A_RELEASE_RP = 0x06;
    int TYPE_A_ABORT = 0x07;

    /**
     * A-ASSOCIATE-RQ or -AC: PS3.8 9.3.2 and 9.3.3 give both the same fields, but for the kind of
     * presentation context items ({@code C}) they carry.
     */
    sealed interface AAssociate<C> extends Pdu {
        String calledAeTitle();

        String callingAeTitle();

        String applicationContext();

        List<C> presentationContexts();

        UserInformation userInformation();
    }

    /** PS3.8 9.3.2. Protocol version is always 1 (bit 0 set). */
    record AAssociateRq(String calledAeTitle, String callingAeTitle, String applicationContext,
                        List<PresentationContextRq> presentationContexts, UserInformation userInformation)
            implements AAssociate<PresentationContextRq> {
        public AAssociateRq {
            presentationContexts = List.copyOf(presentationContexts);
        }

        @Override
        public int type() {
            return TYPE_A_ASSOCIATE_RQ;
        }
    }

    /** PS3.8 9.3.3. The AE titles are the ones of the RQ, returned but "not tested". */
    record AAssociateAc(String calledAeTitle, String callingAeTitle, String applicationContext,
                        List<PresentationContextAc> presentationContexts, UserInformation userInformation)
            implements AAssociate<PresentationContextAc> {
        public AAssociateAc {
            presentationContexts = List.copyOf(presentationContexts);
        }

        @Override
        public int type() {
            return TYPE_A_ASSOCIATE_AC;
        }
    }

    /**
     * PS3.8 9.3.4, values of table 9-21. The fields are the wire values, so a peer's undefined
     * value survives decoding; {@link #rejectResult()} and friends name the standard ones.
     */
    record AAssociateRj(int result, int source, int reason) implements Pdu {

        public AAssociateRj(RejectResult result, RejectReason reason) {
            this(result.code(), reason.source().code(), reason.code());
        }

        @Override
        public int type() {
            return TYPE_A_ASSOCIATE_RJ;
        }

        public boolean permanent() {
            return result == RejectResult.PERMANENT.code();
        }

        /** Null when the value is not one of PS3.8 table 9-21. */
        public RejectResult rejectResult() {
            return WireCode.of(RejectResult.class, result);
        }

        /** Null when the value is not one of PS3.8 table 9-21. */
        public RejectSource rejectSource() {
            return WireCode.of(RejectSource.class, source);
        }

        /** Null when the value is not one PS3.8 table 9-21 defines for the source. */
        public RejectReason rejectReason() {
            return RejectReason.of(source, reason);
        }

        /** Human-readable text of PS3.8 table 9-21. */
        public String describe() {
            RejectResult res = rejectResult();
            RejectSource src = rejectSource();
            RejectReason why = rejectReason();
            return (res == null ? "result " + result : res.text()) + ", "
                    + (src == null ? "source " + source : src.text()) + ", "
                    + (why == null ? "reason " + reason : why.text());
        }
    }

    /** PS3.8 9.3.5: one or more PDV items. */
    record PDataTf(List<Pdv> pdvs) implements Pdu {
        public PDataTf {
            pdvs = List.copyOf(pdvs);
        }

        @Override
        public int type() {
            return TYPE_P_DATA_TF;
        }
    }

    /** PS3.8 9.3.6. */
    record AReleaseRq() implements Pdu {
        @Override
        public int type() {
            return TYPE_A_RELEASE_RQ;
        }
    }

    /** PS3.8 9.3.7. */
    record AReleaseRp() implements Pdu {
        @Override
        public int type() {
            return TYPE_A_RELEASE_RP;
        }
    }

    /**
     * PS3.8 9.3.8: source and reason of table 9-26, as wire values (see {@link AAssociateRj}); the
     * reason is significant only from the service-provider.
     */
    record AAbort(int source, int reason) implements Pdu {

        public AAbort(AbortSource source, AbortReason reason) {
            this(source.code(), source == AbortSource.SERVICE_PROVIDER ? reason.code() : 0);
        }

        /** A-ABORT from the service-user (PS3.8 9.3.8: its reason is "not significant", sent as 0). */
        public static AAbort byUser() {
            return new AAbort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED);
        }

        @Override
        public int type() {
            return TYPE_A_ABORT;
        }

        /** Null when the value is not one of PS3.8 table 9-26. */
        public AbortSource abortSource() {
            return WireCode.of(AbortSource.class, source);
        }

        /** Null when the value is not one of PS3.8 table 9-26 (3 is reserved). */
        public AbortReason abortReason() {
            return WireCode.of(AbortReason.class, reason);
        }

        public String describe() {
            AbortSource src = abortSource();
            String srcText = src == null ? "source " + source : src.text();
            if (src != AbortSource.SERVICE_PROVIDER) {
                return srcText;
            }
            AbortReason why = abortReason();
            return srcText + ", " + (why == null ? "reason " + reason : why.text());
        }
    }
}
