package id.dicomgateway.dimse;

import id.dicomgateway.dimse.pdu.PduException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A DIMSE command set (PS3.7 6.3, 9.3 and E.1), the group 0000 elements this SCU sends and reads.
 * Always encoded in Implicit VR Little Endian (PS3.7 6.3.1), whatever the presentation context.
 *
 * @param commandField               (0000,0100)
 * @param messageId                  (0000,0110), -1 when absent (responses)
 * @param messageIdBeingRespondedTo  (0000,0120), -1 when absent (requests)
 * @param affectedSopClassUid        (0000,0002), null when absent
 * @param affectedSopInstanceUid     (0000,1000), null when absent
 * @param priority                   (0000,0700), -1 when absent
 * @param commandDataSetType         (0000,0800): {@link #NO_DATA_SET} or any other value for "present"
 * @param status                     (0000,0900), -1 when absent
 * @param errorComment               (0000,0902), null when absent
 */
public record CommandSet(int commandField, int messageId, int messageIdBeingRespondedTo, String affectedSopClassUid,
                         String affectedSopInstanceUid, int priority, int commandDataSetType, int status,
                         String errorComment) {

    /** Command Field values, PS3.7 E.1-1. */
    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;

    /** PS3.7 E.1-1: 0101H means no data set follows; any other value means one does. */
    public static final int NO_DATA_SET = 0x0101;
    /** Conventional "present" value; PS3.7 only requires it differ from 0101H. */
    public static final int DATA_SET_PRESENT = 0x0000;
    /** PS3.7 9.3.1.1: MEDIUM = 0000H. */
    public static final int PRIORITY_MEDIUM = 0x0000;

    private static final int AFFECTED_SOP_CLASS_UID = 0x0002;
    private static final int COMMAND_FIELD = 0x0100;
    private static final int MESSAGE_ID = 0x0110;
    private static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x0120;
    private static final int PRIORITY = 0x0700;
    private static final int COMMAND_DATA_SET_TYPE = 0x0800;
    private static final int STATUS = 0x0900;
    private static final int ERROR_COMMENT = 0x0902;
    private static final int AFFECTED_SOP_INSTANCE_UID = 0x1000;

    /** C-ECHO-RQ, PS3.7 9.3.5.1. */
    public static CommandSet cEchoRq(int messageId, String verificationSopClassUid) {
        return new CommandSet(C_ECHO_RQ, messageId, -1, verificationSopClassUid, null, -1, NO_DATA_SET, -1, null);
    }

    /** C-STORE-RQ, PS3.7 9.3.1.1. */
    public static CommandSet cStoreRq(int messageId, String sopClassUid, String sopInstanceUid) {
        return new CommandSet(C_STORE_RQ, messageId, -1, sopClassUid, sopInstanceUid, PRIORITY_MEDIUM,
                DATA_SET_PRESENT, -1, null);
    }

    public boolean hasDataSet() {
        return commandDataSetType != NO_DATA_SET;
    }

    /** Encodes the command with its Command Group Length (0000,0000) first (PS3.7 E.1). */
    public byte[] encode() {
        ByteArrayOutputStream body = new ByteArrayOutputStream(160);
        if (affectedSopClassUid != null) {
            uid(body, AFFECTED_SOP_CLASS_UID, affectedSopClassUid);
        }
        us(body, COMMAND_FIELD, commandField);
        if (messageId >= 0) {
            us(body, MESSAGE_ID, messageId);
        }
        if (messageIdBeingRespondedTo >= 0) {
            us(body, MESSAGE_ID_BEING_RESPONDED_TO, messageIdBeingRespondedTo);
        }
        if (priority >= 0) {
            us(body, PRIORITY, priority);
        }
        us(body, COMMAND_DATA_SET_TYPE, commandDataSetType);
        if (status >= 0) {
            us(body, STATUS, status);
        }
        if (errorComment != null) {
            // LO: even length, padded with a trailing space (PS3.5 6.2).
            byte[] text = errorComment.getBytes(StandardCharsets.US_ASCII);
            byte[] padded = text.length % 2 == 0 ? text : java.util.Arrays.copyOf(text, text.length + 1);
            if (padded.length != text.length) {
                padded[text.length] = ' ';
            }
            element(body, ERROR_COMMENT, padded);
        }
        if (affectedSopInstanceUid != null) {
            uid(body, AFFECTED_SOP_INSTANCE_UID, affectedSopInstanceUid);
        }
        ByteBuffer groupLength = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        groupLength.putShort((short) 0).putShort((short) 0).putInt(4).putInt(body.size());
        byte[] out = new byte[12 + body.size()];
        System.arraycopy(groupLength.array(), 0, out, 0, 12);
        System.arraycopy(body.toByteArray(), 0, out, 12, body.size());
        return out;
    }

    /** Decodes an Implicit VR LE command set; elements other than the ones above are skipped. */
    public static CommandSet decode(byte[] bytes) throws PduException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int commandField = -1;
        int messageId = -1;
        int respondedTo = -1;
        String sopClass = null;
        String sopInstance = null;
        int priority = -1;
        int dataSetType = NO_DATA_SET;
        int status = -1;
        String errorComment = null;
        while (in.remaining() > 0) {
            if (in.remaining() < 8) {
                throw invalid("truncated element header");
            }
            int group = Short.toUnsignedInt(in.getShort());
            int element = Short.toUnsignedInt(in.getShort());
            long length = Integer.toUnsignedLong(in.getInt());
            if (group != 0x0000) {
                throw invalid("element (" + String.format("%04X,%04X", group, element) + ") outside group 0000");
            }
            if (length > in.remaining()) {
                throw invalid("element (0000," + String.format("%04X", element) + ") longer than the command");
            }
            byte[] value = new byte[(int) length];
            in.get(value);
            switch (element) {
                case AFFECTED_SOP_CLASS_UID -> sopClass = text(value);
                case COMMAND_FIELD -> commandField = us(value);
                case MESSAGE_ID -> messageId = us(value);
                case MESSAGE_ID_BEING_RESPONDED_TO -> respondedTo = us(value);
                case PRIORITY -> priority = us(value);
                case COMMAND_DATA_SET_TYPE -> dataSetType = us(value);
                case STATUS -> status = us(value);
                case ERROR_COMMENT -> errorComment = text(value);
                case AFFECTED_SOP_INSTANCE_UID -> sopInstance = text(value);
                default -> {
                    // group length, offending element, counts of sub-operations...: not needed here
                }
            }
        }
        if (commandField < 0) {
            throw invalid("command set without Command Field (0000,0100)");
        }
        return new CommandSet(commandField, messageId, respondedTo, sopClass, sopInstance, priority, dataSetType,
                status, errorComment);
    }

    private static PduException invalid(String message) {
        return new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "DIMSE command: " + message);
    }

    private static int us(byte[] value) throws PduException {
        if (value.length != 2) {
            throw invalid("US value of length " + value.length);
        }
        return (value[0] & 0xFF) | (value[1] & 0xFF) << 8;
    }

    private static String text(byte[] value) {
        int len = value.length;
        while (len > 0 && (value[len - 1] == 0 || value[len - 1] == ' ')) {
            len--;
        }
        return new String(value, 0, len, StandardCharsets.US_ASCII);
    }

    private static void us(ByteArrayOutputStream out, int element, int value) {
        element(out, element, new byte[] {(byte) value, (byte) (value >> 8)});
    }

    /** UI: padded to even length with a trailing NUL (PS3.5 9.1). */
    private static void uid(ByteArrayOutputStream out, int element, String uid) {
        byte[] chars = uid.getBytes(StandardCharsets.US_ASCII);
        element(out, element, chars.length % 2 == 0 ? chars : java.util.Arrays.copyOf(chars, chars.length + 1));
    }

    private static void element(ByteArrayOutputStream out, int element, byte[] value) {
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0).putShort((short) element).putInt(value.length);
        out.writeBytes(header.array());
        out.writeBytes(value);
    }
}
