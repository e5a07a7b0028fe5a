package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing and checking of GATEWAY_API_KEYS and GATEWAY_USERS, without Quarkus. */
class CredentialsIT {

    @Test
    void aKeyMatchesItsEntryOnlyAndTheHashIsAllThatIsConfigured() {
        String key = "gw_" + "k".repeat(40);
        ApiKeys keys = ApiKeys.parse(Optional.of(" ris:operator:" + ApiKeys.sha256Hex(key) + " , pacs:viewer:" + ApiKeys.sha256Hex("other")));
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.match(key)).get().extracting(ApiKeys.Entry::name, ApiKeys.Entry::role).containsExactly("ris", "operator");
        assertThat(keys.match(key + "x")).isEmpty();
        assertThat(keys.match(ApiKeys.sha256Hex(key))).as("the hash itself is not a key").isEmpty();
        assertThat(ApiKeys.parse(Optional.empty()).isEmpty()).isTrue();
    }

    @Test
    void aMalformedKeyEntryNamesItsPositionAndNeverItsValue() {
        String secretLooking = "s3cr3t-value-in-the-wrong-place";
        assertThatThrownBy(() -> ApiKeys.parse(Optional.of("ris:operator:" + secretLooking)))
                .hasMessageContaining("entry 1").hasMessageContaining("SHA-256").hasMessageNotContaining(secretLooking);
        assertThatThrownBy(() -> ApiKeys.parse(Optional.of("ris:root:" + ApiKeys.sha256Hex("a"))))
                .hasMessageContaining("role must be one of");
        assertThatThrownBy(() -> ApiKeys.parse(Optional.of("a:viewer:" + ApiKeys.sha256Hex("a") + ",a:admin:" + ApiKeys.sha256Hex("b"))))
                .hasMessageContaining("used twice");
    }

    @Test
    void usersVerifyThePasswordAgainstPbkdf2AndRefuseWeakOrPlainEntries() {
        String hash = Users.hash("correct horse".toCharArray(), "0123456789abcdef".getBytes(), 100_000);
        Users users = Users.parse(Optional.of("nurse:operator:" + hash));
        assertThat(users.verify("nurse", "correct horse".toCharArray())).get().extracting(Users.User::role).isEqualTo("operator");
        assertThat(users.verify("nurse", "wrong".toCharArray())).isEmpty();
        assertThat(users.verify("nobody", "correct horse".toCharArray())).isEmpty();
        assertThatThrownBy(() -> Users.parse(Optional.of("nurse:operator:correct horse")))
                .hasMessageContaining("entry 1").hasMessageNotContaining("correct horse");
        assertThatThrownBy(() -> Users.parse(Optional.of("nurse:operator:" + Users.hash("x".toCharArray(), new byte[16], 1000))))
                .hasMessageContaining("at least 100000 iterations");
    }

    /** Issue 23 item 3: new hashes at OWASP's 600,000 rounds; older entries keep verifying; an unknown name costs the same. */
    @Test
    void newHashesUseTodaysWorkFactorAndOldOnesStillVerify() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "tools/auth/hash-password", "nurse", "viewer").start();
        p.getOutputStream().write("a long enough password\n".getBytes());
        p.getOutputStream().close();
        String entry = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(entry).contains("pbkdf2-sha256$600000$");
        assertThat(Users.ITERATIONS).isEqualTo(600_000);
        String old = "clerk:viewer:" + Users.hash("an older password".toCharArray(), "0123456789abcdef".getBytes(), 210_000);
        Users users = Users.parse(Optional.of(entry + "," + old));
        assertThat(users.verify("clerk", "an older password".toCharArray())).as("a 210,000-round entry").isPresent();
        assertThat(users.dummyIterations()).as("an unknown name costs the slowest configured hash").isEqualTo(600_000);
        assertThat(Users.parse(Optional.empty()).dummyIterations()).isEqualTo(600_000);
    }

    @Test
    void theToolsMakeEntriesTheGatewayAccepts() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "tools/auth/hash-password", "nurse", "viewer").start();
        p.getOutputStream().write("a long enough password\n".getBytes());
        p.getOutputStream().close();
        String entry = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(Users.parse(Optional.of(entry)).verify("nurse", "a long enough password".toCharArray())).isPresent();

        Process k = new ProcessBuilder("/usr/bin/python3", "tools/auth/new-api-key", "ris", "operator").start();
        String[] lines = new String(k.getInputStream().readAllBytes()).trim().split("\n");
        assertThat(k.waitFor()).isZero();
        String key = lines[0].replaceAll(".*:\\s+", "");
        String keyEntry = lines[1].replaceAll(".*:\\s+", "");
        assertThat(ApiKeys.parse(Optional.of(keyEntry)).match(key)).get().extracting(ApiKeys.Entry::role).isEqualTo("operator");
        assertThat(keyEntry).doesNotContain(key);
    }

    private static AuthConfig config(String mode, boolean demo) {
        return new AuthConfig() {
            public Optional<String> mode() { return Optional.ofNullable(mode); }
            public boolean demo() { return demo; }
            public Optional<String> apiKeys() { return Optional.empty(); }
            public Optional<String> users() { return Optional.empty(); }
            public boolean oidc() { return false; }
            public Optional<String> sessionKey() { return Optional.empty(); }
            public RateLimit rateLimit() { return null; }
            public Audit audit() { return null; }
            public Session session() { return null; }
            public SignInLimit signIn() { return null; }
        };
    }

    @Test
    void checksAreOffOnlyWhenSaidOrInDemoModeWithoutAWord() {
        assertThat(AuthMode.decide(config("none", false))).isTrue();
        assertThat(AuthMode.decide(config(null, true))).as("demo mode").isTrue();
        assertThat(AuthMode.decide(config("required", true))).as("demo mode with checks asked for").isFalse();
        assertThat(AuthMode.decide(config(null, false))).as("the default").isFalse();
        assertThatThrownBy(() -> AuthMode.decide(config("off", false))).hasMessageContaining("GATEWAY_AUTH=off is not known");
    }

    @Test
    void rolesImplyTheOnesBelow() {
        assertThat(Roles.implied(Roles.ADMIN)).containsExactlyInAnyOrder("viewer", "operator", "admin");
        assertThat(Roles.implied(Roles.VIEWER)).containsExactly("viewer");
        assertThat(Roles.implied("guest")).isEmpty();
        assertThat(ApiKeyMechanism.looksLikeJwt("aaa.bbb.ccc")).isTrue();
        assertThat(ApiKeyMechanism.looksLikeJwt("gw_operator_9a8b7c6d")).isFalse();
    }
}
