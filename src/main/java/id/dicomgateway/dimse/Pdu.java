package id.dicomgateway.dimse;

import id.dicomgateway.dimse.PduItems.Pdv;
import id.dicomgateway.dimse.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.PduItems.UserInformation;
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

    /** PS3.8 9.3.2. Protocol version is always 1 (bit 0 set). */
    record AAssociateRq(String calledAeTitle, String callingAeTitle, String applicationContext,
                        List<PresentationContextRq> presentationContexts, UserInformation userInformation)
            implements Pdu {
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
            implements Pdu {
        public AAssociateAc {
            presentationContexts = List.copyOf(presentationContexts);
        }

        @Override
        public int type() {
            return TYPE_A_ASSOCIATE_AC;
        }
    }

    /** PS3.8 9.3.4, values of table 9-21. */
    record AAssociateRj(int result, int source, int reason) implements Pdu {
        @Override
        public int type() {
            return TYPE_A_ASSOCIATE_RJ;
        }

        public boolean permanent() {
            return result == 1;
        }

        /** Human-readable text of PS3.8 table 9-21. */
        public String describe() {
            String res = result == 1 ? "rejected-permanent" : result == 2 ? "rejected-transient" : "result " + result;
            String src;
            String why;
            switch (source) {
                case 1 -> {
                    src = "service-user";
                    why = switch (reason) {
                        case 1 -> "no-reason-given";
                        case 2 -> "application-context-name-not-supported";
                        case 3 -> "calling-AE-title-not-recognized";
                        case 7 -> "called-AE-title-not-recognized";
                        default -> "reason " + reason;
                    };
                }
                case 2 -> {
                    src = "service-provider (ACSE)";
                    why = switch (reason) {
                        case 1 -> "no-reason-given";
                        case 2 -> "protocol-version-not-supported";
                        default -> "reason " + reason;
                    };
                }
                case 3 -> {
                    src = "service-provider (presentation)";
                    why = switch (reason) {
                        case 1 -> "temporary-congestion";
                        case 2 -> "local-limit-exceeded";
                        default -> "reason " + reason;
                    };
                }
                default -> {
                    src = "source " + source;
                    why = "reason " + reason;
                }
            }
            return res + ", " + src + ", " + why;
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

    /** PS3.8 9.3.8: source 0 service-user, 2 service-provider; reason per table 9-26. */
    record AAbort(int source, int reason) implements Pdu {
        @Override
        public int type() {
            return TYPE_A_ABORT;
        }

        public String describe() {
            String src = switch (source) {
                case 0 -> "service-user";
                case 1 -> "reserved";
                case 2 -> "service-provider";
                default -> "source " + source;
            };
            if (source != 2) {
                return src;
            }
            String why = switch (reason) {
                case 0 -> "reason-not-specified";
                case 1 -> "unrecognized-PDU";
                case 2 -> "unexpected-PDU";
                case 4 -> "unrecognized-PDU-parameter";
                case 5 -> "unexpected-PDU-parameter";
                case 6 -> "invalid-PDU-parameter-value";
                default -> "reason " + reason;
            };
            return src + ", " + why;
        }
    }
}
