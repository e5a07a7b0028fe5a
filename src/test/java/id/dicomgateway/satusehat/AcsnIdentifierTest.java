package id.dicomgateway.satusehat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcsnIdentifierTest {

    @Test
    void pipeIsSentAsPercent7C() {
        assertThat(new AcsnIdentifier("100025702", new AccessionNumber("202512300001")).queryValue())
                .isEqualTo("http://sys-ids.kemkes.go.id/acsn/100025702%7C202512300001");
    }

    @Test
    void everythingButUnreservedCharactersOfTheAcsnIsEncoded() {
        assertThat(new AcsnIdentifier("100025702", new AccessionNumber("A&B+C D#%/é?=|")).queryValue())
                .isEqualTo("http://sys-ids.kemkes.go.id/acsn/100025702%7CA%26B%2BC%20D%23%25%2F%C3%A9%3F%3D%7C");
        assertThat(AcsnIdentifier.percentEncode("Az09-._~")).isEqualTo("Az09-._~");
    }

    @Test
    void systemIsThePlainIdentifierSystem() {
        assertThat(new AcsnIdentifier("42", new AccessionNumber("1")).system()).isEqualTo("http://sys-ids.kemkes.go.id/acsn/42");
    }

    @Test
    void paddingSpacesAreDropped() {
        assertThat(new AccessionNumber("  ACC1 ").value()).isEqualTo("ACC1");
        assertThat(new AccessionNumber("1234567890123456").value()).hasSize(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "12345678901234567", "AB\\CD", "AB\u0001", "AB\nCD", "AB\u007F"})
    void accessionNumbersThatBreakShAreRefused(String value) {
        assertThatThrownBy(() -> new AccessionNumber(value))
                .isInstanceOfSatisfying(SatusehatException.class, e -> assertThat(e.reason()).isEqualTo(SatusehatException.Reason.INVALID_VALUE));
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> new AccessionNumber(null)).isInstanceOf(SatusehatException.class);
    }
}
