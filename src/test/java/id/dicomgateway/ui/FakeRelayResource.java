package id.dicomgateway.ui;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.relay.jobs.InstanceOutcome;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobPhase;
import id.dicomgateway.relay.jobs.JobRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Test stand-in for the relay endpoints the dashboard calls, until the real pipelines are on
 * this branch: it validates like the API contract says and runs a scripted job through the real
 * {@link JobRegistry}, answering {@code ?async=true} with 202 and {@code Location}.
 * Delete it when the real process/direct-dcm/upload/temp resources are merged.
 */
@Path("/api/dicom")
public final class FakeRelayResource {
    static final AtomicInteger PURGES = new AtomicInteger();
    private static final String UID = "([1-9][0-9]*|0)(\\.([1-9][0-9]*|0))*";

    private final JobRegistry jobs;

    FakeRelayResource(JobRegistry jobs) {
        this.jobs = jobs;
    }

    public record StudyRequest(String study, String patientid, String acc) {
    }

    @POST
    @Path("/process")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response process(StudyRequest request, @QueryParam("async") boolean async) {
        String study = checkUid(request == null ? null : request.study());
        return run(JobKind.PROCESS, study, request.acc(), request.patientid(), 4, async);
    }

    @POST
    @Path("/direct-dcm")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response direct(StudyRequest request, @QueryParam("async") boolean async) {
        String study = checkUid(request == null ? null : request.study());
        return run(JobKind.DIRECT, study, null, null, 3, async);
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") List<FileUpload> files, @RestForm String patientid, @RestForm String acc,
            @QueryParam("async") boolean async) {
        if (files == null || files.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "No file uploaded: send one or more 'file' parts");
        }
        return run(JobKind.UPLOAD, null, acc, patientid, files.size(), async);
    }

    @DELETE
    @Path("/temp")
    public Map<String, String> purge() {
        PURGES.incrementAndGet();
        return Map.of("status", "success", "message", "Temporary files removed");
    }

    private static String checkUid(String study) {
        if (study == null || study.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Field 'study' is required");
        }
        if (study.length() > 64 || !study.matches(UID)) {
            throw new ApiException(ErrorCode.INVALID_UID, "'study' is not a valid DICOM UID");
        }
        return study;
    }

    private Response run(JobKind kind, String study, String acc, String pid, int instances, boolean async) {
        String id = jobs.create(kind, study, acc, pid).id();
        Thread worker = new Thread(() -> script(id, instances), "fake-relay");
        worker.setDaemon(true);
        worker.start();
        if (async) {
            return Response.accepted(Map.of("status", "accepted", "jobId", id)).location(URI.create("/api/jobs/" + id)).build();
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.ok(Map.of("status", "success", "message", "sent", "jobId", id)).build();
    }

    private void script(String id, int instances) {
        try {
            jobs.phase(id, JobPhase.FETCHING);
            Thread.sleep(300);
            jobs.started(id, instances, instances * 1024L * 1024L);
            for (int i = 1; i <= instances; i++) {
                Thread.sleep(250);
                jobs.instanceDone(id, new InstanceResult("1.2.3." + i, InstanceOutcome.STORED, 0, null, null, 1024L * 1024L));
            }
            jobs.succeeded(id, instances + " instances sent");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.failed(id, ErrorCode.INTERNAL_ERROR, "interrupted");
        }
    }
}
