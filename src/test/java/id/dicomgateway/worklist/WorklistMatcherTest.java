package id.dicomgateway.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dimse.find.Identifier;
import id.dicomgateway.orders.Order;
import id.dicomgateway.orders.OrderState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PS3.4 C.2.2.2 matching of a worklist query against one order, and the answer's keys. */
class WorklistMatcherTest {
    private static final int ACSN = 0x00080050;
    private static final int NAME = 0x00100010;
    private static final int PID = 0x00100020;
    private static final int STUDY = 0x0020000D;
    private static final int SPS = 0x00400100;
    private static final int MODALITY = 0x00080060;
    private static final int STATION = 0x00400001;
    private static final int DATE = 0x00400002;
    private static final int TIME = 0x00400003;
    private static final int CHARSET = 0x00080005;

    private static final Order ORDER = order("Santoso^Budi", "CR", "CRROOM1", "2026-12-05T08:30:00+07:00");

    static Order order(String name, String modality, String station, String start) {
        OffsetDateTime t = OffsetDateTime.parse(start);
        return new Order("id-1", "ACC1", "P1", name, LocalDate.of(1980, 1, 2), "M", modality, t,
                t.toLocalDate().toString().replace("-", ""), t.toLocalTime().toString().replace(":", "") + (t.getSecond() == 0 ? "00" : ""),
                station, "THORAX", null, null, "2.25.1", OrderState.SCHEDULED, "json", null, Instant.EPOCH, Instant.EPOCH, 1);
    }

    static Identifier query(String modality, String station, String date, String time) {
        Identifier step = new Identifier();
        text(step, MODALITY, "CS", modality);
        text(step, STATION, "AE", station);
        text(step, DATE, "DA", date);
        text(step, TIME, "TM", time);
        Identifier q = new Identifier().putString(ACSN, "SH", "", StandardCharsets.US_ASCII).putString(NAME, "PN", "", StandardCharsets.US_ASCII);
        return q.putSequence(SPS, List.of(step));
    }

    private static void text(Identifier id, int tag, String vr, String value) {
        if (value != null) {
            id.putString(tag, vr, value, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void singleValuesUniversalAndTheAnswerHoldsOnlyTheKeysAsked() {
        Optional<Identifier> a = WorklistMatcher.match(query("CR", "", "20261205", ""), ORDER);
        assertThat(a).isPresent();
        Identifier answer = a.get();
        assertThat(answer.elements().keySet()).containsExactly(ACSN, NAME, SPS);
        assertThat(answer.string(ACSN, StandardCharsets.US_ASCII)).isEqualTo("ACC1");
        assertThat(answer.string(NAME, StandardCharsets.US_ASCII)).isEqualTo("Santoso^Budi");
        Identifier step = answer.get(SPS).orElseThrow().items().get(0);
        assertThat(step.elements().keySet()).containsExactly(MODALITY, STATION, DATE, TIME);
        assertThat(step.string(STATION, StandardCharsets.US_ASCII)).isEqualTo("CRROOM1");
        assertThat(WorklistMatcher.match(query("MR", "", "20261205", ""), ORDER)).isEmpty();
        assertThat(WorklistMatcher.match(query("CR", "", "20261206", ""), ORDER)).isEmpty();
        assertThat(WorklistMatcher.match(query("CR", "OTHER", "", ""), ORDER)).isEmpty();
    }

    @Test
    void dateAndTimeRanges() {
        assertThat(WorklistMatcher.match(query(null, null, "20261205-20261206", null), ORDER)).isPresent();
        assertThat(WorklistMatcher.match(query(null, null, "-20261205", null), ORDER)).isPresent();
        assertThat(WorklistMatcher.match(query(null, null, "20261205-", null), ORDER)).isPresent();
        assertThat(WorklistMatcher.match(query(null, null, "20261206-", null), ORDER)).isEmpty();
        assertThat(WorklistMatcher.match(query(null, null, "-20261204", null), ORDER)).isEmpty();
        assertThat(WorklistMatcher.match(query(null, null, null, "0800-0900"), ORDER)).isPresent();
        assertThat(WorklistMatcher.match(query(null, null, null, "08-08"), ORDER)).as("an hour as upper bound holds the hour").isPresent();
        assertThat(WorklistMatcher.match(query(null, null, null, "0900-"), ORDER)).isEmpty();
        // date and time combined: from the 4th at 20:00 to the 5th at 08:00 is one night, which 08:30 is not in
        assertThat(WorklistMatcher.match(query(null, null, "20261204-20261205", "2000-0800"), ORDER)).isEmpty();
        assertThat(WorklistMatcher.match(query(null, null, "20261204-20261205", "2000-0830"), ORDER)).isPresent();
        assertThat(WorklistMatcher.match(query(null, null, "20261204-20261205", "0900-1000"), ORDER)).as("combined, not each alone")
                .isPresent();
    }

    @Test
    void wildcardsNamesAndUidLists() {
        Identifier q = new Identifier().putString(NAME, "PN", "sant*", StandardCharsets.US_ASCII);
        assertThat(WorklistMatcher.match(q, ORDER)).isPresent();
        assertThat(WorklistMatcher.match(new Identifier().putString(NAME, "PN", "S?ntoso^Budi", StandardCharsets.US_ASCII), ORDER)).isPresent();
        assertThat(WorklistMatcher.match(new Identifier().putString(NAME, "PN", "Wijaya*", StandardCharsets.US_ASCII), ORDER)).isEmpty();
        assertThat(WorklistMatcher.match(new Identifier().putString(PID, "LO", "p1", StandardCharsets.US_ASCII), ORDER))
                .as("not a name: case matters").isEmpty();
        assertThat(WorklistMatcher.match(new Identifier().putString(STUDY, "UI", "1.2\\2.25.1", StandardCharsets.US_ASCII), ORDER)).isPresent();
        assertThat(WorklistMatcher.match(new Identifier().putString(STUDY, "UI", "1.2", StandardCharsets.US_ASCII), ORDER)).isEmpty();
        assertThat(WorklistMatcher.match(new Identifier().putString(ACSN, "SH", "*", StandardCharsets.US_ASCII), ORDER)).isPresent();
    }

    @Test
    void anEmptyStepSequenceReturnsTheWholeStep() {
        Identifier q = new Identifier().putSequence(SPS, List.of());
        Identifier step = WorklistMatcher.match(q, ORDER).orElseThrow().get(SPS).orElseThrow().items().get(0);
        assertThat(step.string(MODALITY, StandardCharsets.US_ASCII)).isEqualTo("CR");
        assertThat(step.string(TIME, StandardCharsets.US_ASCII)).isEqualTo("083000");
        assertThat(step.string(0x00400020, StandardCharsets.US_ASCII)).isEqualTo("SCHEDULED");
    }

    @Test
    void aNameBeyondAsciiIsAnsweredInUtf8() {
        Order wide = order("Çelik^Dewi", "CR", null, "2026-12-05T08:30:00+07:00");
        Identifier answer = WorklistMatcher.match(new Identifier().putString(NAME, "PN", "", StandardCharsets.US_ASCII), wide).orElseThrow();
        assertThat(answer.string(CHARSET, StandardCharsets.US_ASCII)).isEqualTo("ISO_IR 192");
        assertThat(answer.string(NAME, StandardCharsets.UTF_8)).isEqualTo("Çelik^Dewi");
        Identifier ascii = WorklistMatcher.match(new Identifier().putString(NAME, "PN", "", StandardCharsets.US_ASCII), ORDER).orElseThrow();
        assertThat(ascii.contains(CHARSET)).isFalse();
        // A query in UTF-8 matches a UTF-8 name
        Identifier q = new Identifier().putString(CHARSET, "CS", "ISO_IR 192", StandardCharsets.US_ASCII)
                .putString(NAME, "PN", "ÇEL*", StandardCharsets.UTF_8);
        assertThat(WorklistMatcher.match(q, wide)).isPresent();
    }

    @Test
    void narrowingForTheStore() {
        assertThat(WorklistMatcher.narrowing(query("CR", null, "20261205", null)))
                .isEqualTo(new WorklistMatcher.Narrowing("20261205", "20261205", "CR"));
        assertThat(WorklistMatcher.narrowing(query("C*", null, "-20261205", null)))
                .isEqualTo(new WorklistMatcher.Narrowing(null, "20261205", null));
        assertThat(WorklistMatcher.narrowing(new Identifier())).isEqualTo(new WorklistMatcher.Narrowing(null, null, null));
    }
}
