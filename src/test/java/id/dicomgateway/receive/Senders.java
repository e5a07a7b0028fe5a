package id.dicomgateway.receive;

import id.dicomgateway.testing.OrthancResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Test studies made with DCMTK's dcmodify from the corpus, and storescu to send them. */
final class Senders {
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() % 100_000);

    private Senders() {
    }

    static String newStudyUid() {
        return "1.2.826.0.1.3680043.10.1017." + ProcessHandle.current().pid() + "." + SEQUENCE.incrementAndGet();
    }

    /** Copies of study-mr3's 11 instances (or the first {@code count}) under a new Study UID and new SOP Instance UIDs. */
    static List<Path> studyMr3(Path dir, String studyUid, int count, String... modifications) throws Exception {
        List<Path> sources;
        try (Stream<Path> s = Files.list(OrthancResource.corpus().resolve("study-mr3"))) {
            sources = s.sorted().limit(count).toList();
        }
        return copies(dir, sources, studyUid, modifications);
    }

    /** Copies of {@code sources} under {@code studyUid}, each with a new SOP Instance UID, modified by dcmodify's -i/-m. */
    static List<Path> copies(Path dir, List<Path> sources, String studyUid, String... modifications) throws Exception {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (Path src : sources) {
            Path copy = dir.resolve(studyUid + "-" + out.size() + ".dcm");
            Files.copy(src, copy);
            copy.toFile().setWritable(true);
            out.add(copy);
        }
        List<String> cmd = new ArrayList<>(List.of("dcmodify", "-nb", "-gin", "-i", "(0020,000D)=" + studyUid));
        for (String m : modifications) {
            cmd.add("-i");
            cmd.add(m);
        }
        out.forEach(p -> cmd.add(p.toString()));
        run(cmd);
        return out;
    }

    /** storescu from {@code callingAe} to the gateway with extra options (e.g. -xi); fails on a non-zero exit. */
    /** Stores {@code files} in the Orthanc of OrthancResource (its REST API), as a modality would have: the PACS of process and direct-dcm. */
    static void toOrthanc(List<Path> files) throws Exception {
        String orthanc = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (Path f : files) { // HTTP/1.1: Orthanc has no h2c upgrade
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(orthanc + "/instances"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(f)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("Orthanc refused " + f + ": " + r.statusCode() + " " + r.body());
            }
        }
    }

    static String storescu(int port, String callingAe, List<String> options, List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", callingAe, "-aec", "DICOMGW"));
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }

    static Process storescuAsync(int port, String callingAe, List<Path> files) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", callingAe, "-aec", "DICOMGW", "127.0.0.1", Integer.toString(port)));
        files.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().put("TCP_NODELAY", "1");
        return b.start();
    }

    static String run(List<String> cmd) throws Exception {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().put("TCP_NODELAY", "1");
        Process p = b.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish");
        }
        String text = new String(out, StandardCharsets.ISO_8859_1);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 8))) + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }
}
