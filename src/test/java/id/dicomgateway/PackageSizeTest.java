package id.dicomgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: no room of the code holds more than 30 classes, so a reader can take in a package at a
 * glance. A package that grows past it is split by use case (as relay, api, security and store were).
 */
class PackageSizeTest {
    private static final int MOST = 30;

    @Test
    void noPackageHoldsMoreThanThirtyClasses() throws IOException {
        Path main = Path.of("src/main/java");
        Map<String, Long> tooBig = new TreeMap<>();
        try (Stream<Path> files = Files.walk(main)) {
            Map<Path, Long> perDirectory = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .collect(Collectors.groupingBy(Path::getParent, Collectors.counting()));
            perDirectory.forEach((dir, count) -> {
                if (count > MOST) {
                    tooBig.put(main.relativize(dir).toString().replace('/', '.'), count);
                }
            });
            assertEquals(Map.of(), tooBig, "packages over " + MOST + " classes");
            // The walk found the code at all (a wrong working directory would pass vacuously).
            assertEquals(true, perDirectory.size() > 20, "packages found: " + perDirectory.size());
        }
    }
}
