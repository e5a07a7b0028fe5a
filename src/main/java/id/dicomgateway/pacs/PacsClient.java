package id.dicomgateway.pacs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.mime.BodyFilter;
import id.dicomgateway.mime.MultipartReader;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The PACS as the gateway uses it (docs/architecture.md §4): study metadata over DICOMweb JSON, instances over
 * WADO-RS (whole study, one multipart/related response) or WADO-URI (one GET per instance).
 *
 * <p>Bodies are streams, never buffered whole: metadata is parsed token by token keeping four UIDs per
 * instance; instance bodies go straight to the caller's {@link InstanceSink}. Plain {@link HttpURLConnection}
 * is used rather than a generated REST client because both bodies must be consumed as blocking streams by
 * code that writes files, and rather than {@code java.net.http.HttpClient} because its blocking body stream
 * (a selector thread handing buffers to the reader) read a 50 MB WADO-RS body about twice as slowly
 * (bench/e2e.py, issue 8). Every method here blocks except {@link #ping()}: call them on a worker thread.
 */
@Singleton
public class PacsClient {
    private static final Logger LOG = Logger.getLogger(PacsClient.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** PS3.5 §9.1; checked again here because a UID becomes part of a URL. */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final String TAG_STUDY = "0020000D";
    private static final String TAG_SERIES = "0020000E";
    private static final String TAG_SOP_INSTANCE = "00080018";
    private static final String TAG_SOP_CLASS = "00080016";
    private static final String TAG_STUDY_INSTANCES = "00201208";
    private static final Set<String> INSTANCE_TAGS = Set.of(TAG_STUDY, TAG_SERIES, TAG_SOP_INSTANCE, TAG_SOP_CLASS);

    private final PacsConfig config;
    /** Set once the PACS showed it cannot count search matches: it is not asked again. */
    private volatile boolean countUnsupported;

    public PacsClient(PacsConfig config) {
        this.config = config;
    }

    public PacsConfig.Retrieve retrieveMode() {
        return config.retrieve();
    }

    /** Succeeds when the PACS's DICOMweb service answers at all without a server error (for readiness). */
    public Uni<Void> ping() {
        return Uni.createFrom().<Void>item(() -> {
            URI uri = URI.create(base(config.dicomwebUrl()) + "/studies?limit=1");
            try (Body body = open(uri, "application/dicom+json, application/json")) {
                if (body.status() >= 500) {
                    throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered HTTP " + body.status() + " to a study search");
                }
                body.stream().transferTo(OutputStream.nullOutputStream());
                return null;
            } catch (PacsReadException e) {
                throw unreachable(e);
            } catch (IOException e) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS ping failed: " + e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Lists the instances of a study from its DICOMweb metadata (PS3.18 §10.4.1.1.2, DICOM JSON).
     * 404, 204 and an empty array all mean "no such study" (docs/architecture.md §4).
     */
    public List<InstanceRef> studyInstances(String studyUid) {
        requireUid(studyUid);
        URI uri = URI.create(base(config.dicomwebUrl()) + "/studies/" + studyUid + "/metadata");
        try (Body body = open(uri, "application/dicom+json, application/json")) {
            int status = body.status();
            if (status == 404 || status == 204) {
                throw notFound(studyUid);
            }
            if (status != 200) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered HTTP " + status + " to the metadata request for study " + studyUid);
            }
            List<InstanceRef> instances = parseMetadata(body.stream(), studyUid);
            if (instances.isEmpty()) {
                throw notFound(studyUid);
            }
            return instances;
        } catch (IOException e) {
            throw unread(e, "PACS sent study metadata that is not DICOM JSON: ", "Reading study metadata from the PACS failed: ");
        }
    }

    /**
     * How many instances the PACS holds for the study, from a study-level search (PS3.18 §10.6,
     * Number of Study Related Instances (0020,1208), PS3.4 C.3.2): answered from the PACS's index,
     * unlike the metadata, which Orthanc builds by parsing every file. Only for showing progress and
     * for a warning, so any failure or a PACS that leaves the attribute out gives empty.
     */
    public OptionalInt studyInstanceCount(String studyUid) {
        requireUid(studyUid);
        URI uri = URI.create(base(config.dicomwebUrl()) + "/studies?StudyInstanceUID=" + studyUid + "&includefield=" + TAG_STUDY_INSTANCES);
        try (Body body = open(uri, "application/dicom+json, application/json")) {
            if (body.status() != 200) {
                return OptionalInt.empty();
            }
            try (JsonParser p = JSON.createParser(body.stream())) {
                if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT) {
                    return OptionalInt.empty();
                }
                String value = DicomJson.first(DicomJson.object(p, Set.of(TAG_STUDY_INSTANCES)), TAG_STUDY_INSTANCES);
                return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Instance count of study %s unknown: %s", studyUid, e.toString());
            return OptionalInt.empty();
        }
    }

    /**
     * One page of a QIDO-RS study search (PS3.18 §10.6.1), in the PACS's order. The total is known
     * when this is the last page, or when the PACS counts matches (dcm4chee-arc's {@code /studies/count}
     * extension, asked only when the page is full and only until a PACS shows it has none).
     */
    public StudyMatches searchStudies(StudyQuery query) {
        String matching = query.matchingQuery();
        URI uri = URI.create(base(config.dicomwebUrl()) + "/studies?" + (matching.isEmpty() ? "" : matching + "&")
                + "limit=" + query.limit() + "&offset=" + query.offset() + "&includefield=" + QidoStudies.INCLUDE_FIELDS);
        List<StudySummary> studies;
        try (Body body = open(uri, "application/dicom+json, application/json")) {
            int status = body.status();
            if (status == 204) {
                studies = List.of(); // PS3.18 §10.6.3.2: no match
            } else if (status >= 400 && status < 500) {
                // The query string is not logged: it may hold a patient's name.
                LOG.warnf("PACS refused a study search: HTTP %d", status);
                throw new PacsException(PacsException.Reason.SEARCH_REFUSED, "PACS refused the study search (HTTP " + status
                        + "): it may not support one of the parameters; search with fewer");
            } else if (status != 200) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered HTTP " + status + " to a study search");
            } else {
                studies = QidoStudies.parse(body.stream(), query.limit());
            }
        } catch (IOException e) {
            throw unread(e, "PACS answered the study search with something that is not DICOM JSON: ",
                    "Reading the study search answer from the PACS failed: ");
        }
        Integer total = null;
        if (studies.size() < query.limit() && (!studies.isEmpty() || query.offset() == 0)) {
            total = query.offset() + studies.size();
        } else if (studies.size() == query.limit() && !countUnsupported) {
            total = countStudies(matching);
        }
        return new StudyMatches(List.copyOf(studies), total);
    }

    /** dcm4chee-arc's count of a search's matches; null (and never asked again) when the PACS has no such route. */
    private Integer countStudies(String matching) {
        URI uri = URI.create(base(config.dicomwebUrl()) + "/studies/count" + (matching.isEmpty() ? "" : "?" + matching));
        try (Body body = open(uri, "application/json")) {
            Integer count = body.status() == 200 ? QidoStudies.count(body.stream()) : null;
            if (count == null && body.status() < 500) {
                countUnsupported = true; // Orthanc reads "count" as a study UID and answers 404
            }
            return count;
        } catch (IOException | RuntimeException e) {
            LOG.debugf("PACS study count unknown: %s", e.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * Streams every instance of the study to {@code sink}, in the PACS's order, by the configured
     * retrieval mode. {@code instances} is the study's metadata (WADO-URI needs series and SOP UIDs).
     * IOExceptions thrown by the sink (local disk, a client that went away) propagate unchanged.
     */
    public void retrieve(String studyUid, List<InstanceRef> instances, InstanceSink sink) throws IOException {
        retrieve(studyUid, instances, null, sink);
    }

    /**
     * As {@link #retrieve(String, List, InstanceSink)}, in {@code transferSyntaxUid} (the PACS
     * converts, PS3.18 8.7.3.5), or, when null, as stored: WADO-RS {@code transfer-syntax=*}.
     * Without a transfer-syntax PS3.18 makes Explicit VR LE the default, so an archive would
     * decompress every compressed study by accident (2-3x the bytes for lossless, 10-20x for
     * lossy); WADO-URI answers as stored unless asked with {@code transferSyntax}. A PACS that
     * fails (5xx) a request for a conversion answers PACS_CANNOT_DECOMPRESS.
     */
    public void retrieve(String studyUid, List<InstanceRef> instances, String transferSyntaxUid, InstanceSink sink)
            throws IOException {
        requireUid(studyUid);
        if (transferSyntaxUid != null) {
            requireUid(transferSyntaxUid);
        }
        if (config.retrieve() == PacsConfig.Retrieve.WADO_URI) {
            int index = 0;
            for (InstanceRef ref : instances) {
                retrieveWadoUri(ref, index++, transferSyntaxUid, sink);
            }
        } else {
            retrieveWadoRs(studyUid, transferSyntaxUid, sink);
        }
    }

    /** PS3.18 §10.4: the whole study as one multipart/related response, split on the fly. */
    private void retrieveWadoRs(String studyUid, String transferSyntaxUid, InstanceSink sink) throws IOException {
        URI uri = URI.create(base(config.dicomwebUrl()) + "/studies/" + studyUid);
        String accept = "multipart/related; type=\"application/dicom\"; transfer-syntax="
                + (transferSyntaxUid == null ? "*" : transferSyntaxUid);
        try (Body body = open(uri, accept)) {
            if (body.status() == 404 || body.status() == 204) {
                throw notFound(studyUid);
            }
            if (transferSyntaxUid != null && (body.status() >= 500 || body.status() == 406)) {
                throw cannotConvert("study " + studyUid, transferSyntaxUid, body.status());
            }
            if (body.status() != 200) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered HTTP " + body.status() + " to the WADO-RS retrieve of study " + studyUid);
            }
            String contentType = body.contentType();
            String boundary = MultipartReader.boundaryOf(contentType);
            if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related") || boundary == null) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered the WADO-RS retrieve with " + contentType + ", not multipart/related");
            }
            MultipartReader reader = new MultipartReader(body.stream(), boundary);
            int index = 0;
            while (reader.next()) {
                sink.accept(index++, reader::copyBody);
            }
            if (index == 0) {
                throw notFound(studyUid);
            }
        } catch (PacsReadException e) {
            throw unreachable(e);
        } catch (MultipartReader.MultipartException e) {
            throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS sent a malformed WADO-RS response: " + e.getMessage());
        }
    }

    /** PS3.18 §9: one instance per GET, the earlier service's way. */
    private void retrieveWadoUri(InstanceRef ref, int index, String transferSyntaxUid, InstanceSink sink) throws IOException {
        requireUid(ref.seriesInstanceUid());
        requireUid(ref.sopInstanceUid());
        URI uri = URI.create(config.wadoUriUrl() + "?requestType=WADO"
                + "&studyUID=" + ref.studyInstanceUid()
                + "&seriesUID=" + ref.seriesInstanceUid()
                + "&objectUID=" + ref.sopInstanceUid()
                // "/" is legal in a query (RFC 3986 §3.4), and Orthanc does not decode %2F here
                + "&contentType=application/dicom"
                + (transferSyntaxUid == null ? "" : "&transferSyntax=" + transferSyntaxUid));
        try (Body body = open(uri, "application/dicom")) {
            if (body.status() == 404) {
                throw new PacsException(PacsException.Reason.STUDY_NOT_FOUND, "Instance " + ref.sopInstanceUid() + " of study " + ref.studyInstanceUid() + " is no longer in the PACS");
            }
            if (transferSyntaxUid != null && (body.status() >= 500 || body.status() == 406)) {
                throw cannotConvert("instance " + ref.sopInstanceUid(), transferSyntaxUid, body.status());
            }
            if (body.status() != 200) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS answered HTTP " + body.status() + " to the WADO-URI request for instance " + ref.sopInstanceUid());
            }
            sink.accept(index, out -> body.stream().transferTo(out));
        } catch (PacsReadException e) {
            throw unreachable(e);
        }
    }

    /**
     * The instances of the study that the PACS cannot send in {@code transferSyntaxUid}: after it
     * failed to convert the whole study, each instance is asked for alone (WADO-RS at instance
     * level, PS3.18 10.4.1.1.3, or WADO-URI with {@code transferSyntax}), in the metadata's order;
     * a 5xx or 406 answer names it, and by WADO-URI also an answer in another syntax (its File
     * Meta says so). No more of a body is read than that File Meta: the rest is dropped with the
     * connection. For the message of a failure, so it fails only as the metadata or the PACS does.
     */
    public List<String> instancesNotAvailableIn(String studyUid, String transferSyntaxUid) {
        requireUid(transferSyntaxUid);
        List<String> out = new ArrayList<>();
        for (InstanceRef ref : studyInstances(studyUid)) {
            requireUid(ref.seriesInstanceUid());
            requireUid(ref.sopInstanceUid());
            URI uri = config.retrieve() == PacsConfig.Retrieve.WADO_URI
                    ? URI.create(config.wadoUriUrl() + "?requestType=WADO&studyUID=" + ref.studyInstanceUid()
                            + "&seriesUID=" + ref.seriesInstanceUid() + "&objectUID=" + ref.sopInstanceUid()
                            + "&contentType=application/dicom&transferSyntax=" + transferSyntaxUid)
                    : URI.create(base(config.dicomwebUrl()) + "/studies/" + studyUid + "/series/" + ref.seriesInstanceUid()
                            + "/instances/" + ref.sopInstanceUid());
            String accept = config.retrieve() == PacsConfig.Retrieve.WADO_URI ? "application/dicom"
                    : "multipart/related; type=\"application/dicom\"; transfer-syntax=" + transferSyntaxUid;
            try (Body body = open(uri, accept)) {
                if (body.status() >= 500 || body.status() == 406) {
                    out.add(ref.sopInstanceUid());
                } else if (body.status() == 200 && config.retrieve() == PacsConfig.Retrieve.WADO_URI
                        && !sentIn(body.stream(), transferSyntaxUid)) {
                    out.add(ref.sopInstanceUid()); // PS3.18 lets it answer as stored instead (Orthanc does for JPEG 2000)
                }
            } catch (PacsReadException e) {
                throw unreachable(e);
            }
        }
        return out;
    }

    /** Whether a WADO-URI answer is in the syntax asked for, from its File Meta alone. */
    private static boolean sentIn(InputStream in, String transferSyntaxUid) {
        try {
            return DicomFiles.transferSyntaxOf(in).uid().equals(transferSyntaxUid);
        } catch (IOException | RuntimeException e) {
            return false; // not DICOM, or cut short: not had in that syntax either
        }
    }

    private static PacsException cannotConvert(String what, String transferSyntaxUid, int status) {
        return new PacsException(PacsException.Reason.PACS_CANNOT_DECOMPRESS, "The PACS could not send " + what + " in "
                + transferSyntaxUid + " (HTTP " + status + "): it cannot decompress it (Orthanc needs the orthanc-gdcm plugin for JPEG 2000)");
    }

    private static List<InstanceRef> parseMetadata(InputStream in, String studyUid) throws IOException {
        List<InstanceRef> result = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return result; // an empty 200 body: treated as "no such study"
            }
            if (first != JsonToken.START_ARRAY) {
                throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS sent study metadata that is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Map<String, List<String>> a = DicomJson.object(p, INSTANCE_TAGS);
                String study = DicomJson.first(a, TAG_STUDY);
                String series = DicomJson.first(a, TAG_SERIES);
                String sop = DicomJson.first(a, TAG_SOP_INSTANCE);
                String sopClass = DicomJson.first(a, TAG_SOP_CLASS);
                if (series == null || sop == null) {
                    throw new PacsException(PacsException.Reason.PACS_ERROR, "PACS metadata for study " + studyUid + " has an instance without Series or SOP Instance UID");
                }
                result.add(new InstanceRef(study == null ? studyUid : study, series, sop, sopClass));
            }
        }
        return result;
    }

    /**
     * Connects and waits for the status line and headers. The read timeout is the socket's: it bounds the
     * wait for the headers and every silence within the body, so a stalled PACS ends the request.
     */
    private Body open(URI uri, String accept) throws PacsReadException {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(millis(config.connectTimeout()));
            connection.setReadTimeout(millis(config.readTimeout()));
            connection.setInstanceFollowRedirects(true);
            connection.setRequestProperty("Accept", accept);
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Body(status, connection, new TaggedStream(uri, in == null ? InputStream.nullInputStream() : in, config.readTimeout()));
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw new PacsReadException(uri, e);
        }
    }

    /** A socket timeout in milliseconds: at least 1, since 0 would mean "wait forever". */
    private static int millis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private PacsException unreachable(PacsReadException e) {
        Throwable cause = e.getCause();
        boolean timeout = cause instanceof SocketTimeoutException || cause instanceof ReadTimeoutException;
        String what = timeout ? "did not answer in time"
                : e.midResponse ? "dropped the connection in the middle of its answer" : "could not be reached";
        LOG.warnf("PACS %s (%s): %s", what, e.uri.getHost() + ":" + e.uri.getPort(), String.valueOf(cause));
        return new PacsException(PacsException.Reason.PACS_UNREACHABLE, "PACS at " + e.uri.getScheme() + "://" + e.uri.getAuthority() + " " + what
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /** A DICOM JSON answer that could not be read: the PACS went away, sent something else, or the read failed. */
    private PacsException unread(IOException e, String notJson, String readFailed) {
        if (e instanceof PacsReadException connection) {
            return unreachable(connection);
        }
        if (e instanceof JsonProcessingException json) {
            return new PacsException(PacsException.Reason.PACS_ERROR, notJson + json.getOriginalMessage());
        }
        return new PacsException(PacsException.Reason.PACS_ERROR, readFailed + e.getMessage());
    }

    private static PacsException notFound(String studyUid) {
        return new PacsException(PacsException.Reason.STUDY_NOT_FOUND, "Study " + studyUid + " is not in the PACS");
    }

    private static void requireUid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64 || !UID.matcher(uid).matches()) {
            throw new PacsException(PacsException.Reason.INVALID_UID, "Not a valid DICOM UID: " + (uid == null ? "null" : uid.length() > 80 ? uid.substring(0, 80) + "…" : uid));
        }
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Receives one instance's bytes; {@code index} counts from 0 in arrival order. */
    @FunctionalInterface
    public interface InstanceSink {
        void accept(int index, InstanceBody body) throws IOException;
    }

    /** One instance's bytes, readable once, straight from the PACS connection. */
    @FunctionalInterface
    public interface InstanceBody {
        long copyTo(OutputStream out) throws IOException;
    }

    private record Body(int status, HttpURLConnection connection, TaggedStream stream) implements AutoCloseable {
        String contentType() {
            String type = connection.getContentType();
            return type == null ? "" : type;
        }

        /**
         * A body read to its end goes back to the JDK's keep-alive cache (WADO-URI makes one GET per instance);
         * one abandoned midway (an error, a client that went away) closes the socket rather than draining it.
         */
        @Override
        public void close() {
            if (stream.atEnd()) {
                stream.close();
            } else {
                connection.disconnect();
            }
        }
    }

    /** An IOException of the PACS connection itself, as opposed to one of the sink's. */
    private static final class PacsReadException extends IOException {
        private final URI uri;
        /** Failed while reading a body that had begun, as opposed to connecting or waiting for headers. */
        private final boolean midResponse;

        PacsReadException(URI uri, IOException cause) {
            this(uri, cause, false);
        }

        PacsReadException(URI uri, IOException cause, boolean midResponse) {
            super(cause.getMessage(), cause);
            this.uri = uri;
            this.midResponse = midResponse;
        }
    }

    private static final class ReadTimeoutException extends IOException {
        ReadTimeoutException(Duration timeout) {
            super("no data for " + timeout.toMillis() + " ms");
        }
    }

    /** Tags the connection's IOExceptions, so they are told apart from the sink's, and names a read timeout as one. */
    private static final class TaggedStream extends BodyFilter {
        private final URI uri;
        private final Duration timeout;
        private boolean atEnd;
        private boolean closed;

        TaggedStream(URI uri, InputStream in, Duration timeout) {
            super(in);
            this.uri = uri;
            this.timeout = timeout;
        }

        boolean atEnd() {
            return atEnd;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n < 0) {
                    atEnd = true;
                }
                return n;
            } catch (SocketTimeoutException e) {
                throw new PacsReadException(uri, new ReadTimeoutException(timeout), true);
            } catch (IOException e) {
                throw new PacsReadException(uri, e, true);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
            } catch (IOException e) {
                LOG.debugf("closing PACS stream: %s", e.getMessage());
            }
        }
    }
}
