package id.dicomgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The test profile's temporary area (%test.gateway.temp.dir=target/gateway-temp), as the tests check it. */
public final class TempAreas {

    private TempAreas() {
    }

    /** No request directory (gw-req-*) is left behind once a request has ended. */
    public static void assertNoRequestDirectoryLeft() throws IOException {
        Path root = Path.of("target/gateway-temp");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                assertThat(s.filter(p -> p.getFileName().toString().startsWith("gw-req-")).toList())
                        .as("request directories left behind").isEmpty();
            }
        }
    }
}
