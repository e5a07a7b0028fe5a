package id.dicomgateway.dimse.pdu;

import java.util.List;
import java.util.Objects;

/** The items and sub-items carried by A-ASSOCIATE-RQ and -AC (PS3.8 9.3.2, 9.3.3 and annex D). */
public final class PduItems {

    private PduItems() {
    }

    /** Presentation Context Item of an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): item type 20H. */
    public record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {
        public PresentationContextRq {
            // PS3.8 9.3.2.2: "odd integers between 1 and 255".
            if (id < 1 || id > 255 || id % 2 == 0) {
                throw new IllegalArgumentException("presentation context ID must be odd, 1..255: " + id);
            }
            Objects.requireNonNull(abstractSyntax, "abstractSyntax");
            transferSyntaxes = List.copyOf(transferSyntaxes);
            if (transferSyntaxes.isEmpty()) {
                throw new IllegalArgumentException("at least one transfer syntax");
            }
        }
    }

    /** Presentation Context Item of an A-ASSOCIATE-AC (PS3.8 9.3.3.2): item type 21H. */
    public record PresentationContextAc(int id, int result, String transferSyntax) {

        /** Result/Reason values of PS3.8 table 9-18 (see {@link ContextResult}). */
        public static final int ACCEPTANCE = 0;
        public static final int USER_REJECTION = 1;
        public static final int NO_REASON = 2;
        public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
        public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

        public boolean accepted() {
            return result == ContextResult.ACCEPTANCE.code();
        }

        /** Null when the value is not one of PS3.8 table 9-18. */
        public ContextResult contextResult() {
            return WireCode.of(ContextResult.class, result);
        }

        public String resultText() {
            ContextResult r = contextResult();
            return r == null ? "result " + result : r.text();
        }
    }

    /**
     * User Information Item (PS3.8 9.3.2.3, 9.3.3.3): item type 50H with the sub-items this SCU
     * uses. Others the peer sends (asynchronous operations window, role selection, extended
     * negotiation) are skipped on reading: we never propose them, so PS3.7 D.3.3 defaults apply.
     *
     * @param maxPduLength Maximum Length Received (PS3.8 D.1): 0 means no limit; unsigned 32-bit
     * @param implementationVersionName null when absent (it is optional, PS3.7 D.3.3.2)
     */
    public record UserInformation(long maxPduLength, String implementationClassUid, String implementationVersionName) {
        public UserInformation {
            if (maxPduLength < 0 || maxPduLength > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("max PDU length out of range: " + maxPduLength);
            }
            Objects.requireNonNull(implementationClassUid, "implementationClassUid");
        }
    }

    /** A Presentation Data Value item of a P-DATA-TF (PS3.8 9.3.5.1 and annex E). */
    public record Pdv(int presentationContextId, boolean command, boolean last, byte[] data) {
        public Pdv {
            Objects.requireNonNull(data, "data");
        }

        /** Message Control Header, PS3.8 E.2: bit 0 set for command, bit 1 set for the last fragment. */
        public int messageControlHeader() {
            return (command ? 0x01 : 0) | (last ? 0x02 : 0);
        }
    }
}
