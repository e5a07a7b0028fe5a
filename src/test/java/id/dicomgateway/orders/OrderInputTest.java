package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The JSON shape and the two FHIR shapes of an order, and the field each refusal names. */
class OrderInputTest {
    private static final String GOOD = """
            {"accessionNumber":"ACC24001","patientId":"P001","patientName":"Budi Santoso","patientBirthDate":"1980-02-29",
             "patientSex":"M","modality":"cr","scheduledStart":"2026-12-05T08:30:00+07:00","stationAeTitle":"CRROOM1"}""";

    @Test
    void readsTheJsonShape() {
        NewOrder o = OrderInput.fromJson(OrderInput.parse(GOOD));
        assertThat(o.accessionNumber()).isEqualTo("ACC24001");
        assertThat(o.patientName()).isEqualTo("Santoso^Budi");
        assertThat(o.patientBirthDate()).isEqualTo(LocalDate.of(1980, 2, 29));
        assertThat(o.modality()).isEqualTo("CR");
        assertThat(o.scheduledStart()).isEqualTo(OffsetDateTime.parse("2026-12-05T08:30:00+07:00"));
        assertThat(o.studyInstanceUid()).isNull();
        assertThat(o.toString()).doesNotContain("Budi", "Santoso");
    }

    @Test
    void namesTakeBothForms() {
        assertThat(OrderFields.patientName("n", "SANTOSO^BUDI")).isEqualTo("SANTOSO^BUDI");
        assertThat(OrderFields.patientName("n", "Sukarno")).isEqualTo("Sukarno");
        assertThat(OrderFields.patientName("n", "Agus Wiryawan Pratama")).isEqualTo("Pratama^Agus Wiryawan");
        assertThatThrownBy(() -> OrderFields.patientName("n", "A\\B")).hasMessageStartingWith("n:");
        assertThatThrownBy(() -> OrderFields.patientName("n", "a^b^c^d^e^f")).hasMessageContaining("five components");
    }

    @Test
    void generatedUidsAreUidsUnderTheUuidRoot() {
        String uid = OrderFields.newUid();
        assertThat(uid).startsWith("2.25.").hasSizeLessThanOrEqualTo(64).matches("2\\.25\\.(0|[1-9][0-9]*)");
        assertThat(OrderFields.newUid()).isNotEqualTo(uid);
    }

    @Test
    void eachRefusalNamesItsField() {
        assertRefused(GOOD.replace("\"ACC24001\"", "\"ACC24001ACC24001X\""), "accessionNumber");
        assertRefused(GOOD.replace("\"accessionNumber\":\"ACC24001\",", ""), "accessionNumber");
        assertRefused(GOOD.replace("\"P001\"", "12"), "patientId");
        assertRefused(GOOD.replace("1980-02-29", "1980-02-30"), "patientBirthDate");
        assertRefused(GOOD.replace("\"M\"", "\"X\""), "patientSex");
        assertRefused(GOOD.replace("\"cr\"", "\"C-R\""), "modality");
        assertRefused(GOOD.replace("2026-12-05T08:30:00+07:00", "2026-12-05T08:30:00"), "scheduledStart");
        assertRefused(GOOD.replace("CRROOM1", "A_VERY_LONG_AE_TITLE"), "stationAeTitle");
        assertRefused(GOOD.replace("}", ",\"studyInstanceUid\":\"1.02.3\"}"), "studyInstanceUid");
        assertRefused(GOOD.replace("}", ",\"stationAeTitel\":\"X\"}"), "\"stationAeTitel\"");
        assertThatThrownBy(() -> OrderInput.parse("[1]")).isInstanceOf(OrderException.class).hasMessageStartingWith("body:");
        assertThatThrownBy(() -> OrderInput.parse("{\"a\":")).isInstanceOf(OrderException.class).hasMessageStartingWith("body:");
    }

    @Test
    void readsTheServiceRequestSentToSatusehat() throws IOException {
        NewOrder o = ServiceRequestInput.read(OrderInput.parse(fixture("servicerequest-satusehat.json")), "10000099");
        assertThat(o.accessionNumber()).isEqualTo("2026120524001");
        assertThat(o.patientId()).isEqualTo("P02478375538");
        assertThat(o.patientName()).isEqualTo("Rahayu^Siti");
        assertThat(o.modality()).isEqualTo("CR");
        assertThat(o.requestedProcedureId()).isEqualTo("24648-8");
        assertThat(o.procedureDescription()).isEqualTo("XR Chest PA upright");
        assertThat(o.serviceRequestId()).isEqualTo("a1b2c3d4-0000-4000-8000-000000000024");
        assertThat(o.scheduledStart()).isEqualTo(OffsetDateTime.parse("2026-12-05T09:15:00+07:00"));
        assertThat(o.source()).isEqualTo("fhir");
    }

    @Test
    void readsTheRouterWorklistShapeWithAContainedPatient() throws IOException {
        NewOrder o = ServiceRequestInput.read(OrderInput.parse(fixture("servicerequest-router-worklist.json")), "10000099");
        assertThat(o.accessionNumber()).isEqualTo("2026120524002");
        assertThat(o.patientId()).isEqualTo("RM-000777");
        assertThat(o.patientName()).isEqualTo("Pratama^Agus Wiryawan");
        assertThat(o.patientBirthDate()).isEqualTo(LocalDate.of(1975, 3, 14));
        assertThat(o.patientSex()).isEqualTo("M");
        assertThat(o.modality()).isEqualTo("DX");
        assertThat(o.stationAeTitle()).isEqualTo("DXROOM1");
    }

    @Test
    void aServiceRequestOfAnotherOrganisationHasNoAccessionNumberHere() throws IOException {
        String sr = fixture("servicerequest-satusehat.json");
        assertThatThrownBy(() -> ServiceRequestInput.read(OrderInput.parse(sr), "555"))
                .isInstanceOf(OrderException.class).hasMessageStartingWith("identifier:");
        assertThatThrownBy(() -> ServiceRequestInput.read(OrderInput.parse(sr.replace("\"occurrenceDateTime\"", "\"x\"")), "10000099"))
                .hasMessageStartingWith("occurrenceDateTime:");
        assertThatThrownBy(() -> ServiceRequestInput.read(OrderInput.parse(sr.replace("ServiceRequest\",", "Patient\",")), "10000099"))
                .hasMessageStartingWith("resourceType:");
        // Without an organisation configured, any organisation's ACSN system is taken.
        assertThat(ServiceRequestInput.read(OrderInput.parse(sr), "").accessionNumber()).isEqualTo("2026120524001");
    }

    private static void assertRefused(String json, String field) {
        assertThatThrownBy(() -> OrderInput.fromJson(OrderInput.parse(json))).isInstanceOf(OrderException.class)
                .satisfies(e -> assertThat(((OrderException) e).reason()).isEqualTo(OrderException.Reason.INVALID))
                .hasMessageStartingWith(field + ":");
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = OrderInputTest.class.getResourceAsStream("/orders/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
