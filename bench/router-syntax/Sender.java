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

/** Sends the study RUNS times in one association each; prints median wall and CPU (this JVM) per send. usage: Sender DIR PORT WARMUPS RUNS LABEL */
public final class Sender {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        int port = Integer.parseInt(args[1]);
        int warmups = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        StoreScu scu = new StoreScu(Vertx.vertx(), DimseSettings.defaults(), Files.createTempDirectory("bench-convert"));
        Destination d = new Destination("127.0.0.1", port, "DCMROUTER", "BENCH");
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < warmups + runs; i++) {
            List<StoreRequest> requests = new ArrayList<>();
            for (Path f : files) {
                requests.add(new StoreRequest(f, DicomFiles.scan(f)));
            }
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            List<StoreResult> results = scu.send(d, requests).collect().asList().await().atMost(Duration.ofMinutes(5));
            long t1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            if (results.stream().filter(StoreResult::stored).count() != files.size()) {
                throw new IllegalStateException("not all stored: " + results.get(0));
            }
            if (i >= warmups) {
                wall.add((t1 - t0) / 1e6);
                cpu.add((c1 - c0) / 1e6);
            }
        }
        System.out.printf("%s: %d instances, median wall %.0f ms, median sender CPU %.0f ms%n", args[4], files.size(),
                median(wall), median(cpu));
        System.exit(0);
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
