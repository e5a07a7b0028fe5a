package id.dicomgateway.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.dicom.AttributeReader.AttributePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file: read in YAML and JSON, refused with the line of the mistake, and applied first match first. */
class RuleFileTest {
    private static final AttributePath STUDY_ID = AttributePath.top(0x00200010);
    private static final AttributePath RP_IN_SEQUENCE = AttributePath.in(0x00400275, 0x00401001);

    @Test
    void theTestRulesInYaml() {
        Rules rules = RuleFile.read(Path.of("src/test/resources/receive/rules.yaml"));
        assertThat(rules.list()).extracting(Rule::name).containsExactly("skip-secondary-capture", "skip-all-from-skipper",
                "from-request", "study-id-first", "never-reached", "description-regex", "plain", "from-orthanc");
        assertThat(rules.list().get(2).line()).isEqualTo(11);
        assertThat(rules.list().get(2).accessionNumber().from()).isEqualTo(RP_IN_SEQUENCE);
        assertThat(rules.needed()).contains(RP_IN_SEQUENCE, Attributes.MODALITY);
    }

    @Test
    void json() {
        Rules rules = RuleFile.parse("rules.json", """
                {"rules": [
                  {"name": "a", "match": {"callingAe": ["X"]}, "set": {"accessionNumber": {"from": "(0020,0010)"}}},
                  {"name": "b", "action": "skip"}
                ]}
                """);
        assertThat(rules.list()).extracting(Rule::action).containsExactly(Rule.Action.SET, Rule.Action.SKIP);
        assertThat(rules.list().get(1).line()).isEqualTo(3);
    }

    @Test
    void firstMatchWinsAndNoMatchForwardsUnchanged() {
        Rules rules = RuleFile.parse("r.json", """
                [{"name": "first", "match": {"callingAe": "CT1"}, "set": {"accessionNumber": "StudyID"}},
                 {"name": "second", "match": {"callingAe": "CT1"}, "action": "skip"}]
                """);
        Rules.Verdict v = rules.evaluate("CT1", "1.2.840.10008.5.1.4.1.1.2", Map.of(STUDY_ID, "S77"));
        assertThat(v.ruleName()).isEqualTo("first");
        assertThat(v.accessionNumber()).isEqualTo("S77");
        assertThat(v.patientId()).isNull();
        Rules.Verdict none = rules.evaluate("OTHER", "1.2.840.10008.5.1.4.1.1.2", Map.of());
        assertThat(none.rule()).isNull();
        assertThat(none.action()).isEqualTo(Rule.Action.FORWARD);
    }

    @Test
    void regexTakesItsGroupAndAMissingSourceLeavesTheValue() {
        Rules rules = RuleFile.parse("r.json", """
                [{"name": "re", "match": {"modality": "CT", "attributes": {"StudyID": "A.*"}},
                  "set": {"accessionNumber": {"from": "StudyID", "regex": "A-(\\\\d+)"}, "patientId": "RequestAttributesSequence/RequestedProcedureID"}}]
                """);
        Rules.Verdict v = rules.evaluate("X", "1", Map.of(STUDY_ID, "A-123-B", Attributes.MODALITY, "CT"));
        assertThat(v.accessionNumber()).isEqualTo("123");
        assertThat(v.patientId()).isNull();
        assertThat(v.changes()).contains("AccessionNumber = \"123\"").contains("PatientID left as is");
        assertThat(rules.evaluate("X", "1", Map.of(STUDY_ID, "B-1", Attributes.MODALITY, "CT")).rule()).isNull();
        assertThat(rules.evaluate("X", "1", Map.of(STUDY_ID, "A-1", Attributes.MODALITY, "MR")).rule()).isNull();
    }

    @Test
    void mistakesAreRefusedWithTheirLine() {
        assertRefused("rules:\n  - name: a\n    action: skip\n    colour: red\n", "line 4", "unknown key \"colour\"");
        assertRefused("rules:\n  - name: a\n    match:\n      attributes:\n        StudyID: '(unclosed'\n    action: skip\n",
                "line 5", "bad regular expression");
        assertRefused("rules:\n  - name: a\n    set:\n      accessionNumber: NoSuchThing\n", "line 4", "unknown attribute \"NoSuchThing\"");
        assertRefused("rules:\n  - name: a\n    set:\n      patientId: (0010,0010)\n", "line 4", "patient's name");
        assertRefused("rules:\n  - name: a\n    action: skip\n  - name: a\n    action: forward\n", "line 4", "a second rule named \"a\"");
        assertRefused("rules:\n  - name: a\n    action: skip\n    set:\n      accessionNumber: StudyID\n", "line 5", "\"set\" with action");
        assertRefused("rules:\n  - name: a\n    action: delete\n", "line 3", "action \"delete\"");
        assertRefused("rules:\n  - name: a\n", "line 2", "neither \"action\" nor \"set\"");
        assertRefused("rules:\n  - name: a\n    set: {}\n", "line 3", "names neither");
        assertRefused("rules:\n  - name: [a\n", "line 2", "not valid YAML");
        assertThatThrownBy(() -> RuleFile.parse("r.json", "{\"rules\": [\n {\"name\": \"a\",\n \"action\": \"skip\"\n ]}"))
                .isInstanceOf(RuleException.class).hasMessageContaining("r.json line 4").hasMessageContaining("not valid JSON");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> RuleFile.read(dir.resolve("nope.yaml"))).isInstanceOf(RuleException.class)
                .hasMessageContaining("nope.yaml does not exist");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertThatThrownBy(() -> RuleFile.read(empty)).hasMessageContaining("empty");
    }

    private static void assertRefused(String yaml, String line, String message) {
        assertThatThrownBy(() -> RuleFile.parse("rules.yaml", yaml)).as(yaml).isInstanceOf(RuleException.class)
                .hasMessageContaining("rules.yaml " + line).hasMessageContaining(message);
    }
}
