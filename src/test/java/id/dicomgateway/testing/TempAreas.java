package id.dicomgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The test profile's temporary area ({@code %test.gateway.temp.dir=target/gateway-temp${gateway.test.fork:}}), as the
 * tests check it. Surefire and failsafe run the test classes in two JVMs at once (pom.xml, forkCount) and give each its
 * fork number in {@code gateway.test.fork}: every directory a test profile writes to is the fork's own ({@link #forked}),
 * so that one JVM's requests are never another's leftovers.
 */
public final class TempAreas {
    /** "-1", "-2": this JVM's fork; empty when a test runs outside surefire and failsafe. */
    public static final String FORK = System.getProperty("gateway.test.fork", "");

    private TempAreas() {
    }

    /** {@code dir} of this JVM's fork: {@code target/ops-temp} becomes {@code target/ops-temp-2} in the second fork. */
    public static String forked(String dir) {
        return dir + FORK;
    }

    /** No request directory (gw-req-*) is left behind once a request has ended. */
    public static void assertNoRequestDirectoryLeft() throws IOException {
        Path root = Path.of(forked("target/gateway-temp"));
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                assertThat(s.filter(p -> p.getFileName().toString().startsWith("gw-req-")).toList())
                        .as("request directories left behind").isEmpty();
            }
        }
    }
}
