package id.dicomgateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A PACS for fault tests: the DICOMweb routes the gateway uses (study metadata, WADO-RS study
 * retrieve, WADO-URI, study search) over the JDK's HTTP server, serving real files, with faults a
 * test switches on: an HTTP status, a delay before the answer, a WADO-RS body that stops in the middle
 * of an instance (connection dropped) or goes silent there, and the whole server down.
 *
 * <p>WireMock cannot drop a connection after part of a declared body; the JDK server can: a handler
 * that throws after flushing makes it close the socket without the terminating chunk.
 */
public final class PacsStub implements AutoCloseable {
    private static final String BOUNDARY = "pacs-stub-boundary-7f3a";

    /** One instance as the stub serves it. */
    public record Instance(InstanceHeader header, byte[] bytes) {
        public String sopInstanceUid() {
            return header.sopInstanceUid();
        }
    }

    private final Map<String, List<Instance>> studies = new ConcurrentHashMap<>();
    private final int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pacs-stub");
        t.setDaemon(true);
        return t;
    });
    private HttpServer server;

    private volatile int metadataStatus;
    private volatile int retrieveStatus;
    private volatile Duration delay = Duration.ZERO;
    private volatile int searchStatus;
    private volatile Duration pace = Duration.ZERO;
    private volatile int cutInInstance = -1;
    private volatile int stallInInstance = -1;
    private volatile CountDownLatch released = new CountDownLatch(1);

    public PacsStub() throws IOException {
        server = bind(0);
        port = server.getAddress().getPort();
    }

    /** Serves these files as one study, in this order; returns its Study Instance UID. */
    public String addStudy(List<Path> files) throws IOException {
        List<Instance> instances = new ArrayList<>();
        for (Path f : files) {
            instances.add(new Instance(DicomFiles.scan(f), Files.readAllBytes(f)));
        }
        String uid = instances.get(0).header().studyInstanceUid();
        studies.put(uid, List.copyOf(instances));
        return uid;
    }

    public List<Instance> study(String uid) {
        return studies.get(uid);
    }

    public String dicomwebUrl() {
        return "http://127.0.0.1:" + port + "/dicom-web";
    }

    public String wadoUriUrl() {
        return "http://127.0.0.1:" + port + "/wado";
    }

    /** Request paths (with query) received since the last {@link #reset()}. */
    public List<String> requests() {
        return requests;
    }

    /** Every metadata request answers {@code status} with an empty body (0: normal). */
    public void metadataStatus(int status) {
        this.metadataStatus = status;
    }

    /** Every WADO-RS study retrieve answers {@code status} (0: normal). */
    public void retrieveStatus(int status) {
        this.retrieveStatus = status;
    }

    /** Every request is answered only after this delay (or when the test resets the stub). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** The WADO-RS body waits this long before each instance after the first, as a PACS reading from slow disks. */
    public void pace(Duration pace) {
        this.pace = pace;
    }

    /** Every QIDO-RS study search answers {@code status} with an empty body (0: normal). */
    public void searchStatus(int status) {
        this.searchStatus = status;
    }

    /** The WADO-RS body sends instances before {@code index} whole, half of instance {@code index}, then drops the connection. */
    public void cutRetrieveIn(int index) {
        this.cutInInstance = index;
    }

    /** Like {@link #cutRetrieveIn} but then sends nothing more, keeping the connection open until reset. */
    public void stallRetrieveIn(int index) {
        this.stallInInstance = index;
    }

    /** No faults, no recorded requests; anything stalled or delayed is let go. */
    public void reset() {
        metadataStatus = 0;
        retrieveStatus = 0;
        delay = Duration.ZERO;
        searchStatus = 0;
        pace = Duration.ZERO;
        cutInInstance = -1;
        stallInInstance = -1;
        CountDownLatch old = released;
        released = new CountDownLatch(1);
        old.countDown();
        requests.clear();
    }

    /** Stops listening: connections to the port are refused until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void up() throws IOException {
        if (server == null) {
            server = bind(port);
        }
    }

    private HttpServer bind(int on) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 50);
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(path + (query == null ? "" : "?" + query));
        // Closed only after a normal answer: a fault that throws must leave the body unterminated.
        if (!delay.isZero()) {
            await(delay);
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            answer(exchange, 405, "text/plain", new byte[0]);
        } else if (path.equals("/dicom-web/studies")) {
            search(exchange, query == null ? "" : query);
        } else if (path.startsWith("/dicom-web/studies/") && path.endsWith("/metadata")) {
            metadata(exchange, path.substring("/dicom-web/studies/".length(), path.length() - "/metadata".length()));
        } else if (path.startsWith("/dicom-web/studies/") && path.indexOf('/', "/dicom-web/studies/".length()) < 0) {
            retrieve(exchange, path.substring("/dicom-web/studies/".length()));
        } else if (path.equals("/wado")) {
            wadoUri(exchange, query == null ? "" : query);
        } else {
            answer(exchange, 404, "text/plain", new byte[0]);
        }
        exchange.close();
    }

    /** QIDO-RS study search: with StudyInstanceUID=, that study and its Number of Study Related Instances. */
    private void search(HttpExchange exchange, String query) throws IOException {
        if (searchStatus != 0) {
            answer(exchange, searchStatus, "text/plain", new byte[0]);
            return;
        }
        String json = "[]";
        for (String param : query.split("&")) {
            if (param.startsWith("StudyInstanceUID=")) {
                String uid = param.substring("StudyInstanceUID=".length());
                List<Instance> study = studies.get(uid);
                json = study == null ? "[]" : "[{" + ui("0020000D", uid) + ",\"00201208\":{\"vr\":\"IS\",\"Value\":[" + study.size() + "]}}]";
            }
        }
        answer(exchange, 200, "application/dicom+json", json.getBytes(StandardCharsets.US_ASCII));
    }

    private void metadata(HttpExchange exchange, String uid) throws IOException {
        if (metadataStatus != 0) {
            answer(exchange, metadataStatus, "text/plain", new byte[0]);
            return;
        }
        List<Instance> study = studies.get(uid);
        if (study == null) {
            answer(exchange, 404, "text/plain", new byte[0]);
            return;
        }
        StringBuilder json = new StringBuilder("[");
        for (Instance i : study) {
            InstanceHeader h = i.header();
            json.append(json.length() > 1 ? "," : "").append('{')
                    .append(ui("0020000D", h.studyInstanceUid())).append(',')
                    .append(ui("0020000E", h.seriesInstanceUid())).append(',')
                    .append(ui("00080018", h.sopInstanceUid())).append(',')
                    .append(ui("00080016", h.sopClassUid())).append('}');
        }
        answer(exchange, 200, "application/dicom+json", json.append(']').toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void retrieve(HttpExchange exchange, String uid) throws IOException {
        if (retrieveStatus != 0) {
            answer(exchange, retrieveStatus, "text/plain", new byte[0]);
            return;
        }
        List<Instance> study = studies.get(uid);
        if (study == null) {
            answer(exchange, 404, "text/plain", new byte[0]);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY);
        exchange.sendResponseHeaders(200, 0); // chunked, as dcm4chee-arc streams a study
        OutputStream out = exchange.getResponseBody();
        int cut = cutInInstance;
        int stall = stallInInstance;
        for (int i = 0; i < study.size(); i++) {
            byte[] bytes = study.get(i).bytes();
            out.write(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (i > 0 && !pace.isZero()) {
                out.flush(); // the previous instance is whole once this delimiter is there
                await(pace);
            }
            if (i == cut || i == stall) {
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                if (i == stall) {
                    await(Duration.ofSeconds(30));
                }
                // Leaving by an exception makes the JDK server close the socket mid-body, no last chunk.
                throw new IOException("pacs stub: connection dropped in instance " + i);
            }
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void wadoUri(HttpExchange exchange, String query) throws IOException {
        for (List<Instance> study : studies.values()) {
            for (Instance i : study) {
                if (query.contains("objectUID=" + i.sopInstanceUid() + "&") || query.endsWith("objectUID=" + i.sopInstanceUid())) {
                    answer(exchange, 200, "application/dicom", i.bytes());
                    return;
                }
            }
        }
        answer(exchange, 404, "text/plain", new byte[0]);
    }

    private void await(Duration max) {
        try {
            released.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String ui(String tag, String value) {
        return "\"" + tag + "\":{\"vr\":\"UI\",\"Value\":[\"" + value + "\"]}";
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        reset();
        down();
        executor.shutdownNow();
    }
}
