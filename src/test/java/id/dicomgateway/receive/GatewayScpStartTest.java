package id.dicomgateway.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.testing.LogCapture;

import io.quarkus.runtime.configuration.MemorySize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bean that Quarkus creates at start refuses a bad rules file (and a bad address list) before
 * anything listens: the message names the file and the line, and the start fails with it.
 */
class GatewayScpStartTest {

    @Test
    void aRulesFileWithAMistakeStopsTheStartNamingItsLine(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: ok
                    action: forward
                  - name: broken
                    match:
                      modality: CT
                    set:
                      accessionNumber: { from: RequestedProcedureID, regex: '[unclosed' }
                """);
        assertThatThrownBy(() -> new GatewayScp(config(Optional.of(rules), Optional.empty()), null, null, null, null, null, null))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining(rules + " line 8")
                .hasMessageContaining("bad regular expression \"[unclosed\"");
    }

    @Test
    void anAllowedAddressThatIsNotAnAddressStopsTheStart() {
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.of(List.of("pacs.example"))), null, null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("GATEWAY_SCP_ALLOWED_ADDRESSES: \"pacs.example\"");
    }

    @Test
    void anAllowedAeWhoseAddressIsNotAnAddressOrAnAeTooLongStopsTheStart() {
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.empty(), Optional.of(List.of("PACS", "MOD@modality.local"))),
                null, null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("GATEWAY_SCP_ALLOWED_AETS: \"modality.local\" is not an IP address");
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.empty(), Optional.of(List.of("SEVENTEEN-CHARS-X@127.0.0.1"))),
                null, null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("is not an AE title (1..16 characters) or AE@address");
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.of(List.of("10.1.2")), Optional.empty()),
                null, null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("\"10.1.2\" is not an IP address");
    }

    @Test
    void aListeningScpWithNoAllowListRefusesAProductionStartNamingBothVariables() {
        ReceiveConfig open = listening(Optional.empty(), Optional.empty(), false);
        assertThatThrownBy(() -> GatewayScp.checkOpen(open, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GATEWAY_SCP_ALLOWED_AETS").hasMessageContaining("GATEWAY_SCP_ALLOWED_ADDRESSES")
                .hasMessageContaining("GATEWAY_SCP_ALLOW_ANY=true");
        // A blank list, as the manifests' "" gives, is no list.
        assertThatThrownBy(() -> GatewayScp.checkOpen(listening(Optional.of(List.of(" ")), Optional.empty(), false), true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAllowListOrAnExplicitAnyOrDemoDevAndTestRunsStart() {
        assertThatCode(() -> GatewayScp.checkOpen(listening(Optional.of(List.of("DCM4CHEE@10.1.2.3")), Optional.empty(), false), true))
                .doesNotThrowAnyException();
        assertThatCode(() -> GatewayScp.checkOpen(listening(Optional.empty(), Optional.of(List.of("10.1.2.3")), false), true))
                .doesNotThrowAnyException();
        assertThatCode(() -> GatewayScp.checkOpen(listening(Optional.empty(), Optional.empty(), true), true)).doesNotThrowAnyException();
        assertThatCode(() -> GatewayScp.checkOpen(listening(Optional.empty(), Optional.empty(), false), false))
                .as("demo, dev or test mode: warned only").doesNotThrowAnyException();
        assertThatCode(() -> GatewayScp.checkOpen(config(Optional.empty(), Optional.empty()), true))
                .as("not listening at all").doesNotThrowAnyException();
    }

    @Test
    void aCallingAeTitleWithControlCharactersReachesTheLogEscaped(@TempDir Path dir) throws Exception {
        ReceivedStudies studies = new ReceivedStudies(dir.resolve("studies"), Duration.ofSeconds(30), Duration.ofHours(1), 10,
                id.dicomgateway.receive.Rules.none(), null, null, java.time.Clock.systemUTC());
        Path notDicom = Files.writeString(dir.resolve("x.dcm"), "not DICOM at all");
        String forged = "EVIL\r\n2026-01-01 INFO forged\u0007\u001b[31m";
        try (LogCapture log = LogCapture.install()) {
            studies.arrived("a1", forged, notDicom, 17, null);
            List<String> lines = log.lines().stream().filter(l -> l.contains("not usable DICOM")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).doesNotContain("\r", "\n", "\u0007", "\u001b")
                    .contains("EVIL\\r\\n2026-01-01 INFO forged\\x07\\x1B[31m");
        }
    }

    private static ReceiveConfig listening(Optional<List<String>> aes, Optional<List<String>> addresses, boolean any) {
        ReceiveConfig base = config(Optional.empty(), addresses, aes);
        return (ReceiveConfig) java.lang.reflect.Proxy.newProxyInstance(ReceiveConfig.class.getClassLoader(), new Class<?>[] {ReceiveConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "port" -> OptionalInt.of(11112);
                    case "allowAny" -> any;
                    default -> method.invoke(base, args);
                });
    }

    private static ReceiveConfig config(Optional<Path> rules, Optional<List<String>> addresses) {
        return config(rules, addresses, Optional.empty());
    }

    private static ReceiveConfig config(Optional<Path> rules, Optional<List<String>> addresses, Optional<List<String>> aes) {
        return new ReceiveConfig() {
            public OptionalInt port() {
                return OptionalInt.empty();
            }

            public boolean allowAny() {
                return false;
            }

            public String host() {
                return "127.0.0.1";
            }

            public String aeTitle() {
                return "DICOMGW";
            }

            public Optional<List<String>> allowedAeTitles() {
                return aes;
            }

            public Optional<List<String>> allowedAddresses() {
                return addresses;
            }

            public int maxAssociations() {
                return 4;
            }

            public MemorySize maxPduLength() {
                return new MemorySize(java.math.BigInteger.valueOf(65536));
            }

            public MemorySize maxAssociationSize() {
                return new MemorySize(java.math.BigInteger.valueOf(1 << 30));
            }

            public Duration peerTimeout() {
                return Duration.ofSeconds(30);
            }

            public Duration associationTimeout() {
                return Duration.ofHours(1);
            }

            public Duration idle() {
                return Duration.ofSeconds(30);
            }

            public Duration keep() {
                return Duration.ofHours(1);
            }

            public Optional<Path> rules() {
                return rules;
            }

            public int history() {
                return 10;
            }
        };
    }
}
