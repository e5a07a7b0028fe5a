package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** GATEWAY_ORDERS_ACSN_PATTERN: what a pattern makes, and the patterns the gateway refuses to start with. */
class AccessionPatternTest {
    private static final LocalDate DAY = LocalDate.of(2032, 11, 20);

    @Test
    void eachTokenAndTheNumberPaddedToItsWidth() {
        AccessionPattern p = AccessionPattern.of("{MODALITY}{YYYYMMDD}{SEQ}");
        assertThat(p.prefix("CT", DAY)).isEqualTo("CT20321120");
        assertThat(p.format("CT20321120", 3)).isEqualTo("CT203211200003");
        AccessionPattern short6 = AccessionPattern.of("RS-{YYMMDD}.{MODALITY}{SEQ:2}");
        assertThat(short6.prefix("CR", DAY)).isEqualTo("RS-321120.CR");
        assertThat(short6.format("RS-321120.CR", 7)).isEqualTo("RS-321120.CR07");
        assertThat(short6.number("RS-321120.CR", "RS-321120.CR42")).isEqualTo(42);
        assertThat(short6.number("RS-321120.CR", "RS-321120.CR4")).isEqualTo(-1);
        assertThat(short6.number("RS-321120.CR", "RS-321120.CRX1")).isEqualTo(-1);
        assertThat(short6.number("RS-321120.CR", "XS-321120.CR42")).isEqualTo(-1);
    }

    @Test
    void aNumberThatNoLongerFitsOrAnAccessionNumberOverSixteenCharactersIs400NamingTheField() {
        AccessionPattern p = AccessionPattern.of("{MODALITY}{SEQ:2}");
        assertThat(p.format("CR", 99)).isEqualTo("CR99");
        assertThatThrownBy(() -> p.format("CR", 100)).isInstanceOf(OrderException.class)
                .hasMessageContaining("accessionNumber").hasMessageContaining("used up");
        AccessionPattern longer = AccessionPattern.of("{MODALITY}{YYYYMMDD}{SEQ:7}");
        assertThatThrownBy(() -> longer.format(longer.prefix("CT", DAY), 1)).isInstanceOf(OrderException.class)
                .hasMessageContaining("16 characters");
    }

    @Test
    void aPatternWithoutItsNumberAtTheEndOrWithOtherCharactersIsRefused() {
        assertThatThrownBy(() -> AccessionPattern.of("{MODALITY}{YYYYMMDD}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs {SEQ}");
        assertThatThrownBy(() -> AccessionPattern.of("{SEQ}{MODALITY}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must come last");
        assertThatThrownBy(() -> AccessionPattern.of("ct_{SEQ}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character 1");
        assertThatThrownBy(() -> AccessionPattern.of("{DATE}{SEQ}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character 1");
        assertThatThrownBy(() -> AccessionPattern.of("{SEQ:0}")).isInstanceOf(IllegalArgumentException.class);
    }
}
