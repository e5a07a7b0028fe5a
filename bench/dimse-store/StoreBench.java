import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.DimseSettings;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.dimse.StoreResult;
import id.dicomgateway.dimse.StoreScu;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sends one study to a running storescp, alternately with our StoreScu and with DCMTK storescu
 * (one association, all files, same PDU size), and prints the medians. Run by run.sh.
 *
 * usage: StoreBench STUDY_DIR PORT WARMUPS RUNS [PDU]  (PDU: storescp's -pdu, 131072 when not given)
 */
public final class StoreBench {

    public static void main(String[] args) throws Exception {
        Path studyDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int warmups = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        String pdu = args.length > 4 ? args[4] : "131072";
        List<Path> files;
        try (Stream<Path> s = Files.list(studyDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.size(f);
        }
        Vertx vertx = Vertx.vertx();
        StoreScu scu = new StoreScu(vertx, DimseSettings.defaults());
        Destination destination = new Destination("127.0.0.1", port, "STORESCP", "BENCH");
        List<String> storescu = new ArrayList<>(List.of("storescu", "-pdu", pdu, "-aet", "BENCH", "-aec", "STORESCP",
                "127.0.0.1", Integer.toString(port)));
        files.forEach(f -> storescu.add(f.toString()));

        List<Double> ours = new ArrayList<>();
        List<Double> oursWithScan = new ArrayList<>();
        List<Double> dcmtk = new ArrayList<>();
        // CPU time (user + system) per send: independent of how busy the machine is.
        List<Double> oursCpu = new ArrayList<>();
        List<Double> dcmtkCpu = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Path timeFile = Files.createTempFile("storescu-time", ".txt");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", timeFile.toString()));
        timed.addAll(storescu);
        for (int i = 0; i < warmups + runs; i++) {
            boolean measured = i >= warmups;
            // alternate who goes first, so neither always meets a warmer page cache or storescp
            for (int turn = 0; turn < 2; turn++) {
                if ((turn == 0) == (i % 2 == 0)) {
                    long t0 = System.nanoTime();
                    List<StoreRequest> requests = new ArrayList<>();
                    for (Path f : files) {
                        requests.add(new StoreRequest(f, DicomFiles.scan(f)));
                    }
                    long c1 = os.getProcessCpuTime();
                    long t1 = System.nanoTime();
                    List<StoreResult> results = scu.send(destination, requests).collect().asList()
                            .await().atMost(Duration.ofMinutes(2));
                    long t2 = System.nanoTime();
                    long c2 = os.getProcessCpuTime();
                    long stored = results.stream().filter(StoreResult::stored).count();
                    if (stored != files.size()) {
                        throw new IllegalStateException("stored " + stored + " of " + files.size() + ": " + results);
                    }
                    if (measured) {
                        ours.add((t2 - t1) / 1e6);
                        oursWithScan.add((t2 - t0) / 1e6);
                        oursCpu.add((c2 - c1) / 1e6);
                    }
                } else {
                    long t0 = System.nanoTime();
                    ProcessBuilder pb = new ProcessBuilder(timed).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                    pb.environment().put("TCP_NODELAY", "1");
                    int rc = pb.start().waitFor();
                    long t1 = System.nanoTime();
                    if (rc != 0) {
                        throw new IllegalStateException("storescu exit " + rc);
                    }
                    if (measured) {
                        dcmtk.add((t1 - t0) / 1e6);
                        String[] cpu = Files.readString(timeFile).trim().split("\\s+");
                        dcmtkCpu.add((Double.parseDouble(cpu[cpu.length - 2]) + Double.parseDouble(cpu[cpu.length - 1])) * 1000);
                    }
                }
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        double mOurs = median(ours);
        double mScan = median(oursWithScan);
        double mDcmtk = median(dcmtk);
        System.out.printf("instances=%d bytes=%d warmups=%d runs=%d pdu=%s%n", files.size(), totalBytes, warmups, runs, pdu);
        System.out.printf("storescu (process, all files, one association): median %.1f ms  %s%n", mDcmtk, fmt(dcmtk));
        System.out.printf("StoreScu.send (files scanned beforehand):        median %.1f ms  %s%n", mOurs, fmt(ours));
        System.out.printf("StoreScu scan + send:                            median %.1f ms  %s%n", mScan, fmt(oursWithScan));
        System.out.printf("ratio ours/storescu (wall time): send %.2f, scan+send %.2f%n", mOurs / mDcmtk, mScan / mDcmtk);
        System.out.printf("CPU time per send (user+sys): storescu median %.0f ms %s, StoreScu JVM median %.0f ms %s%n",
                median(dcmtkCpu), fmt(dcmtkCpu), median(oursCpu), fmt(oursCpu));
        System.out.printf("load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String fmt(List<Double> values) {
        StringBuilder sb = new StringBuilder("[");
        for (double v : values) {
            sb.append(sb.length() > 1 ? " " : "").append(String.format("%.0f", v));
        }
        return sb.append(']').toString();
    }
}
