package id.dicomgateway.worklist;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.receive.GatewayScp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Issue 24's worklist, end to end with DCMTK's findscu -W as the modality: one order posted as the gateway's JSON,
 * one as a FHIR ServiceRequest (the router worklist's shape), both answered on the Storage SCP's own AE and port
 * with the keys asked for, and neither for another day or modality; a cancelled order is not offered; C-CANCEL
 * ends the answer with status FE00.
 */
@QuarkusTest
@TestProfile(OrdersWorklistIT.Profile.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class OrdersWorklistIT {
    /** A day no other test schedules on. */
    private static final String DAY = "20321109";
    private static final int MANY = 300;

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.receive.port", "0", "gateway.receive.host", "127.0.0.1",
                    "gateway.receive.allowed-ae-titles", "CRCONSOLE,DXCONSOLE", "satusehat.org-id", "10000099");
        }
    }

    @Inject
    GatewayScp scp;

    private static boolean posted;

    @BeforeEach
    void postOrders() throws IOException {
        if (posted) {
            return;
        }
        given().contentType("application/json").body("""
                {"accessionNumber":"WL24001","patientId":"P-WL-1","patientName":"Wayan Sudarsana","patientBirthDate":"1970-05-06",
                 "patientSex":"M","modality":"CR","scheduledStart":"2032-11-09T08:30:00+08:00","stationAeTitle":"CRCONSOLE",
                 "procedureDescription":"THORAX PA","requestedProcedureId":"RP1"}""").post("/api/orders").then().statusCode(201);
        String sr;
        try (InputStream in = OrdersWorklistIT.class.getResourceAsStream("/orders/servicerequest-router-worklist.json")) {
            sr = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        given().contentType("application/fhir+json").body(sr.replace("2026120524002", "WL24002").replace("2026-12-05T10:00", "2032-11-09T10:00"))
                .post("/api/orders").then().statusCode(201);
        // Non-ASCII name: answered in ISO_IR 192
        given().contentType("application/json").body("""
                {"accessionNumber":"WL24003","patientId":"P-WL-3","patientName":"Dewi Ayu Lestari Çelik","modality":"CR",
                 "scheduledStart":"2032-11-09T11:00:00+08:00","stationAeTitle":"CRCONSOLE"}""").post("/api/orders").then().statusCode(201);
        String cancelled = given().contentType("application/json").body("""
                {"accessionNumber":"WL24004","patientId":"P-WL-4","patientName":"Cancelled Order","modality":"CR",
                 "scheduledStart":"2032-11-09T12:00:00+08:00"}""").post("/api/orders").then().statusCode(201).extract().path("id");
        given().delete("/api/orders/" + cancelled).then().statusCode(200);
        // Enough matches on another day that a C-CANCEL sent after the first arrives while the rest are being sent.
        for (int i = 0; i < MANY; i++) {
            given().contentType("application/json").body("""
                    {"accessionNumber":"WLC%04d","patientId":"P-WLC","patientName":"Many Orders","modality":"CT",
                     "scheduledStart":"2032-11-11T07:00:00+08:00"}""".formatted(i)).post("/api/orders").then().statusCode(201);
        }
        posted = true;
    }

    @Test
    void aConsoleQueryForItsModalityAndDayGetsItsOrdersWithTheKeysAskedFor() throws Exception {
        String out = findscu("CRCONSOLE", List.of("ScheduledProcedureStepSequence[0].Modality=CR",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + DAY,
                "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime",
                "PatientName", "PatientID", "AccessionNumber", "StudyInstanceUID", "RequestedProcedureID", "PatientBirthDate"));
        assertThat(out).contains("[WL24001]", "[P-WL-1]", "[Sudarsana^Wayan]", "[RP1]", "[19700506]", "[CRCONSOLE]", "[083000]", "[2.25.");
        assertThat(out).contains("[WL24003]", "ISO_IR 192");
        assertThat(out).doesNotContain("WL24002", "WL24004", "Cancelled");
        assertThat(responses(out)).isEqualTo(2);
        // only the keys asked for: no Requested Procedure Description, no SPS ID
        assertThat(out).doesNotContain("THORAX PA", "RequestedProcedureDescription");
    }

    @Test
    void theFhirOrderIsOfferedToItsStation() throws Exception {
        String out = findscu("DXCONSOLE", List.of("ScheduledProcedureStepSequence[0].ScheduledStationAETitle=DXROOM1",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + DAY + "-" + DAY,
                "ScheduledProcedureStepSequence[0].Modality", "PatientName", "PatientID", "AccessionNumber", "PatientSex"));
        assertThat(out).contains("[WL24002]", "[RM-000777]", "[Pratama^Agus Wiryawan]", "[DX]", "[M]");
        assertThat(responses(out)).isEqualTo(1);
    }

    @Test
    void anotherDayOrModalityMatchesNothing() throws Exception {
        String otherDay = findscu("CRCONSOLE", List.of("ScheduledProcedureStepSequence[0].Modality=CR",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20321110", "AccessionNumber", "PatientName"));
        assertThat(otherDay).doesNotContain("WL2400");
        assertThat(responses(otherDay)).isZero();
        assertThat(otherDay).contains("Success");
        String otherModality = findscu("CRCONSOLE", List.of("ScheduledProcedureStepSequence[0].Modality=MR",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + DAY, "AccessionNumber"));
        assertThat(otherModality).doesNotContain("WL2400");
        // Wildcards and a time range: only the 08:30 order of the morning
        String morning = findscu("CRCONSOLE", List.of("ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + DAY,
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=0800-0900", "PatientName=SUDAR*", "AccessionNumber"));
        assertThat(morning).contains("[WL24001]").doesNotContain("WL24002", "WL24003");
    }

    @Test
    void cCancelEndsTheAnswerWithCancel() throws Exception {
        String all = findscu("CRCONSOLE", List.of("ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20321111",
                "AccessionNumber"));
        assertThat(responses(all)).isEqualTo(MANY);
        assertThat(all).contains("Final Find Response (Success)");
        String cancelled = findscu("CRCONSOLE", List.of("--cancel", "1"),
                List.of("ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20321111", "AccessionNumber"));
        assertThat(cancelled).contains("Final Find Response (Cancel");
        assertThat(responses(cancelled)).isLessThan(MANY);
        // The association is released properly afterwards, and the next query is answered whole.
        assertThat(findscu("CRCONSOLE", List.of("ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=" + DAY,
                "AccessionNumber"))).contains("[WL24001]", "Final Find Response (Success)");
    }

    @Test
    void aCallingAeOutsideTheAllowListIsRejected() throws Exception {
        String out = findscu("STRANGER", List.of("AccessionNumber"));
        assertThat(out).containsIgnoringCase("reject").doesNotContain("WL2400");
    }

    private String findscu(String callingAe, List<String> keys) throws Exception {
        return findscu(callingAe, List.of(), keys);
    }

    private String findscu(String callingAe, List<String> options, List<String> keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("findscu", "-v", "-W", "-aet", callingAe, "-aec", "DICOMGW"));
        cmd.addAll(options);
        for (String k : keys) {
            cmd.add("-k");
            cmd.add(k);
        }
        Path dir = Files.createTempDirectory("findscu");
        cmd.addAll(List.of("-X", "-od", dir.toString(), "127.0.0.1", String.valueOf(scp.port().orElseThrow())));
        StringBuilder all = new StringBuilder(run(cmd));
        // Each answer as dcmdump reads it, so the keys and values are the peer's view.
        List<Path> answers;
        try (Stream<Path> files = Files.list(dir)) {
            answers = files.sorted().toList();
        }
        if (!answers.isEmpty()) {
            // One dcmdump for all of them (300 in cCancelEndsTheAnswerWithCancel): each file starts its own dump.
            List<String> dump = new ArrayList<>(List.of("dcmdump", "+Un"));
            answers.forEach(f -> dump.add(f.toString()));
            all.append(run(dump));
            for (Path f : answers) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        return all.toString();
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Pending responses: each was extracted to a file (-X) and dumped. */
    private static long responses(String out) {
        return out.lines().filter(l -> l.startsWith("# Dicom-File-Format")).count();
    }
}
