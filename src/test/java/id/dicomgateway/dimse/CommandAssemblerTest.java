package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dimse.pdu.AbortReason;
import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.ul.ProtocolViolation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What both roles of an association accept of a PDV (PS3.8 9.3.5, E.2), and the command joined from its fragments. */
class CommandAssemblerTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private final CommandAssembler commands = new CommandAssembler();

    @Test
    void aCommandInTwoFragmentsIsDecodedOnItsLast() {
        byte[] command = CommandSet.cStoreRq(7, CT, "1.2.3.4").encode();
        int half = command.length / 2;
        assertThat(commands.take(new Pdv(1, true, false, Arrays.copyOf(command, half)), true, false)).isNull();
        assertThat(commands.inProgress()).isTrue();
        CommandSet joined = commands.take(new Pdv(1, true, true, Arrays.copyOfRange(command, half, command.length)), true, false);
        assertThat(joined.messageId()).isEqualTo(7);
        assertThat(commands.inProgress()).isFalse();
    }

    @Test
    void aDataFragmentIsTheCallersAndReturnsNothing() {
        assertThat(commands.take(new Pdv(1, false, true, new byte[] {1, 2}), true, true)).isNull();
    }

    @Test
    void aPdvOnAContextNotAcceptedAbortsWithUnexpectedParameter() {
        assertThatThrownBy(() -> commands.take(new Pdv(3, false, true, new byte[2]), false, true))
                .isInstanceOfSatisfying(ProtocolViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(AbortReason.UNEXPECTED_PDU_PARAMETER))
                .hasMessageContaining("context 3");
    }

    @Test
    void aCommandFragmentInsideADataSetAborts() {
        byte[] command = CommandSet.cEchoRq(1, "1.2.840.10008.1.1").encode();
        assertThatThrownBy(() -> commands.take(new Pdv(1, true, true, command), true, true))
                .isInstanceOfSatisfying(ProtocolViolation.class, v -> assertThat(v.reason()).isEqualTo(AbortReason.UNEXPECTED_PDU))
                .hasMessageContaining("command fragment inside a data set");
    }

    @Test
    void aDataFragmentWithoutACommandAborts() {
        assertThatThrownBy(() -> commands.take(new Pdv(1, false, true, new byte[2]), true, false))
                .isInstanceOfSatisfying(ProtocolViolation.class, v -> assertThat(v.reason()).isEqualTo(AbortReason.UNEXPECTED_PDU))
                .hasMessageContaining("data fragment without a command");
    }

    @Test
    void aCommandPastItsBoundAbortsAndIsForgotten() {
        byte[] big = new byte[CommandAssembler.MAX_COMMAND_LENGTH];
        assertThat(commands.take(new Pdv(1, true, false, big), true, false)).isNull();
        assertThatThrownBy(() -> commands.take(new Pdv(1, true, false, new byte[1]), true, false))
                .isInstanceOfSatisfying(ProtocolViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE));
        assertThat(commands.inProgress()).isFalse();
    }

    @Test
    void aCommandThatDoesNotDecodeAborts() {
        assertThatThrownBy(() -> commands.take(new Pdv(1, true, true, new byte[] {0x00, 0x00, 0x00}), true, false))
                .isInstanceOf(ProtocolViolation.class);
        assertThat(commands.inProgress()).isFalse();
    }
}
