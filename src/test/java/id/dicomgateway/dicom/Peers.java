package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.TestCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the independent readers (DCMTK's dcmdump, pydicom) as processes, with a timeout. */
final class Peers {

    static final Path CORPUS = TestCorpus.dir();
    static final String PYTHON = "/usr/bin/python3";

    private Peers() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("peer", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** dcmdump's view of the dataset: every element line (nesting shown by indentation), File Meta left out. */
    static List<String> dcmdumpDataset(Path file) throws IOException, InterruptedException {
        Result r = run(60, List.of("dcmdump", "-q", "+L", "-dc", file.toString()));
        assertThat(r.exitCode()).as("dcmdump exit code for %s, stderr: %s", file, r.stderr()).isZero();
        List<String> lines = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("(0002,")) {
                continue;
            }
            lines.add(line);
        }
        return lines;
    }

    static Path script(Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = Peers.class.getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    /** pydicom's view (see pydicom_view.py) of each file, as parsed JSON maps keyed by path. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> pydicomView(Path workDir, boolean force, List<Path> files)
            throws IOException, InterruptedException {
        Path script = workDir.resolve("pydicom_view.py");
        if (!Files.exists(script)) {
            script(workDir, "pydicom_view.py");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        if (force) {
            cmd.add("--force");
        }
        files.forEach(f -> cmd.add(f.toString()));
        Result r = run(120, cmd);
        assertThat(r.exitCode()).as("pydicom_view stderr: %s", r.stderr()).isZero();
        Map<String, Map<String, Object>> views = new java.util.HashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                Map<String, Object> v = json.readValue(line, Map.class);
                views.put((String) v.get("file"), v);
            }
        }
        return views;
    }

    /** Rows of MANIFEST.tsv: file, syntax, SOP class, expect, note. */
    static List<String[]> manifest() throws IOException {
        return TestCorpus.manifest();
    }
}
