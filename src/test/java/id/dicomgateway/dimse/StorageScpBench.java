package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.FullJit;
import id.dicomgateway.testing.StoreScpProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of StorageScp against DCMTK storescp for the same study (100 synthetic MR instances of
 * 512 KB of pixel data, Explicit VR LE) sent by the same storescu, alternating receivers over
 * several rounds in one run. On demand only: bench/dimse-scp/run.sh ({@code -Dbench=true}).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
@ExtendWith(FullJit.class)
class StorageScpBench {

    static final int INSTANCES = Integer.getInteger("bench.instances", 100);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @TempDir
    Path dir;

    @Test
    void storageScpVersusStorescp() throws Exception {
        Path study = Files.createDirectories(dir.resolve("study"));
        List<String> files = new ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++) {
            Path f = study.resolve(String.format("IM%03d.dcm", i));
            Files.write(f, syntheticMr(i).getBytes());
            files.add(f.toString());
        }
        long studyBytes = 0;
        for (String f : files) {
            studyBytes += Files.size(Path.of(f));
        }
        Vertx vertx = Vertx.vertx();
        RecordingListener listener = new RecordingListener()
                .answering(i -> io.smallrye.mutiny.Uni.createFrom().item(() -> {
                    try {
                        Files.delete(i.file()); // like storescp writing and forgetting: keep the disk flat
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return 0;
                }));
        List<Double> ours = new ArrayList<>();
        List<Double> dcmtk = new ArrayList<>();
        try (StorageScp scp = StorageScp.start(vertx, ScpSettings.defaults("127.0.0.1", 0, "GATEWAY",
                dir.resolve("ours")).withPolicy(AcceptPolicy.anyStorage()), listener).await().atMost(Duration.ofSeconds(10));
             StoreScpProcess storescp = StoreScpProcess.start("--ignore".equals(System.getProperty("bench.storescp"))
                     ? new String[] {"--ignore"} : new String[0])) {
            for (int round = 0; round < ROUNDS; round++) {
                dcmtk.add(send(storescp.port(), StoreScpProcess.AE_TITLE, files));
                ours.add(send(scp.port(), "GATEWAY", files));
                deleteReceived(storescp.outputDir());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        assertThat(listener.stored).hasSize(INSTANCES * ROUNDS);
        double mb = studyBytes / 1e6;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nstudy: %d instances, %.1f MB; storescu -xe -pdu 131072, %d rounds, receivers alternating%n",
                INSTANCES, mb, ROUNDS));
        for (int r = 0; r < ROUNDS; r++) {
            out.append(String.format(Locale.ROOT, "round %d: storescp %.2f s (%.1f MB/s)  StorageScp %.2f s (%.1f MB/s)  ratio %.2f%n",
                    r + 1, dcmtk.get(r), mb / dcmtk.get(r), ours.get(r), mb / ours.get(r), dcmtk.get(r) / ours.get(r)));
        }
        double bestOurs = ours.stream().min(Double::compare).orElseThrow();
        double bestDcmtk = dcmtk.stream().min(Double::compare).orElseThrow();
        out.append(String.format(Locale.ROOT, "best: storescp %.1f MB/s, StorageScp %.1f MB/s, StorageScp/storescp = %.2f%n",
                mb / bestDcmtk, mb / bestOurs, bestDcmtk / bestOurs));
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            ratios.add(dcmtk.get(r) / ours.get(r));
        }
        ratios.sort(Double::compare);
        double median = ROUNDS % 2 == 1 ? ratios.get(ROUNDS / 2) : (ratios.get(ROUNDS / 2 - 1) + ratios.get(ROUNDS / 2)) / 2;
        out.append(String.format(Locale.ROOT, "median of the per-round ratios (StorageScp/storescp throughput): %.2f%n", median));
        System.out.println(out);
        Files.writeString(Path.of(System.getProperty("bench.out", "target/dimse-scp-bench.txt")), out.toString());
    }

    private static double send(int port, String aet, List<String> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-xe", "-pdu", "131072", "-aet", "BENCH", "-aec", aet,
                "127.0.0.1", Integer.toString(port)));
        cmd.addAll(files);
        long t0 = System.nanoTime();
        DcmtkTool run = DcmtkTool.run(cmd);
        double s = (System.nanoTime() - t0) / 1e9;
        assertThat(run.exitCode()).as(run.output()).isZero();
        return s;
    }

    private static void deleteReceived(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }

    /** A synthetic MR (no real patient): 512 x 512 x 16 bit, random pixels so nothing compresses. */
    static Buffer syntheticMr(int n) {
        String study = "2.25.1000000000000000000000000000001";
        String instance = "2.25.1000000000000000000000000000001." + n;
        Buffer ds = Buffer.buffer(600_000);
        el(ds, 0x0008, 0x0016, "UI", uid("1.2.840.10008.5.1.4.1.1.4"));
        el(ds, 0x0008, 0x0018, "UI", uid(instance));
        el(ds, 0x0008, 0x0060, "CS", text("MR"));
        el(ds, 0x0010, 0x0010, "PN", text("BENCH^SYNTHETIC"));
        el(ds, 0x0010, 0x0020, "LO", text("BENCH001"));
        el(ds, 0x0020, 0x000D, "UI", uid(study));
        el(ds, 0x0020, 0x000E, "UI", uid(study + ".1"));
        el(ds, 0x0020, 0x0013, "IS", text(Integer.toString(n)));
        us(ds, 0x0002, 1);
        el(ds, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
        us(ds, 0x0010, 512);
        us(ds, 0x0011, 512);
        us(ds, 0x0100, 16);
        us(ds, 0x0101, 16);
        us(ds, 0x0102, 15);
        us(ds, 0x0103, 0);
        byte[] pixels = new byte[512 * 512 * 2];
        new Random(n).nextBytes(pixels);
        ds.appendUnsignedShortLE(0x7FE0).appendUnsignedShortLE(0x0010).appendString("OW").appendUnsignedShortLE(0)
                .appendUnsignedIntLE(pixels.length).appendBytes(pixels);
        return Part10Header.of("1.2.840.10008.5.1.4.1.1.4", instance, "1.2.840.10008.1.2.1", "BENCH").appendBuffer(ds);
    }

    private static void us(Buffer ds, int element, int value) {
        el(ds, 0x0028, element, "US", new byte[] {(byte) value, (byte) (value >> 8)});
    }

    private static void el(Buffer ds, int group, int element, String vr, byte[] value) {
        ds.appendUnsignedShortLE(group).appendUnsignedShortLE(element).appendString(vr).appendUnsignedShortLE(value.length)
                .appendBytes(value);
    }

    private static byte[] uid(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static byte[] text(String s) {
        return uid(s.length() % 2 == 0 ? s : s + " ");
    }
}
