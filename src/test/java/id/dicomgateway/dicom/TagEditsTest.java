package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagEditsTest {

    @Test
    void acceptsLimits() throws Exception {
        TagEdits e = TagEdits.of("P".repeat(64), "A".repeat(16));
        assertThat(e.patientId()).hasSize(64);
        assertThat(e.isEmpty()).isFalse();
        assertThat(TagEdits.none().isEmpty()).isTrue();
        assertThat(TagEdits.of(null, "1").patientId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A\\B", "tab\there", "new\nline", "", "   ", "Müller", "12345678901234567"})
    void rejectsBadAccessionNumbers(String bad) {
        assertThatThrownBy(() -> TagEdits.of(null, bad))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DicomException.Reason.INVALID_VALUE);
                    assertThat(e.getMessage()).contains("AccessionNumber (0008,0050)");
                });
    }

    @Test
    void rejectsLongPatientId() {
        assertThatThrownBy(() -> TagEdits.of("P".repeat(65), null))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.getMessage()).contains("65 characters").contains("at most 64"));
    }
}
