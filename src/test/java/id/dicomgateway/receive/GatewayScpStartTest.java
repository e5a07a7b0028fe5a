package id.dicomgateway.receive;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThatThrownBy(() -> new GatewayScp(config(Optional.of(rules), Optional.empty()), null, null, null, null, null))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining(rules + " line 8")
                .hasMessageContaining("bad regular expression \"[unclosed\"");
    }

    @Test
    void anAllowedAddressThatIsNotAnAddressStopsTheStart() {
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.of(List.of("pacs.example"))), null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("GATEWAY_SCP_ALLOWED_ADDRESSES: \"pacs.example\"");
    }

    @Test
    void anAllowedAeWhoseAddressIsNotAnAddressOrAnAeTooLongStopsTheStart() {
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.empty(), Optional.of(List.of("PACS", "MOD@modality.local"))),
                null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("GATEWAY_SCP_ALLOWED_AETS: \"modality.local\" is not an IP address");
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.empty(), Optional.of(List.of("SEVENTEEN-CHARS-X@127.0.0.1"))),
                null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("is not an AE title (1..16 characters) or AE@address");
        assertThatThrownBy(() -> new GatewayScp(config(Optional.empty(), Optional.of(List.of("10.1.2")), Optional.empty()),
                null, null, null, null, null))
                .isInstanceOf(RuleException.class).hasMessageContaining("\"10.1.2\" is not an IP address");
    }

    private static ReceiveConfig config(Optional<Path> rules, Optional<List<String>> addresses) {
        return config(rules, addresses, Optional.empty());
    }

    private static ReceiveConfig config(Optional<Path> rules, Optional<List<String>> addresses, Optional<List<String>> aes) {
        return new ReceiveConfig() {
            public OptionalInt port() {
                return OptionalInt.empty();
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
