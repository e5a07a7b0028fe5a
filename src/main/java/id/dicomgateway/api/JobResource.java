package id.dicomgateway.api;

import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import id.dicomgateway.relay.jobs.JobEvent;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Read-only views of the job model: history, one job, and its live events. */
@Path("/api/jobs")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "Jobs", description = "Progress and outcome of process, direct and upload runs")
public final class JobResource {
    private static final int MAX_LIMIT = 1000;

    private final JobRegistry jobs;

    JobResource(JobRegistry jobs) {
        this.jobs = jobs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listJobs", summary = "Recent jobs, newest first")
    @APIResponse(responseCode = "200", description = "Recent jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "limit out of range",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public List<JobView> list(
            @Parameter(description = "How many jobs at most (1-1000)") @QueryParam("limit") Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        return jobs.recent(n);
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "streamAllJobEvents",
            summary = "Server-Sent Events of every job from now on (for dashboards); never ends")
    @APIResponse(responseCode = "200", description = "One JSON JobEvent per SSE message",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = JobEvent.class)))
    public Multi<JobEvent> allEvents() {
        return jobs.allEvents();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJob", summary = "One job with its failures and checks")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "JOB_NOT_FOUND: unknown, or dropped from the history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public JobView get(@PathParam("id") String id) {
        return jobs.find(id).orElseThrow(() -> notFound(id));
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "streamJobEvents",
            summary = "Server-Sent Events of one job: its current state, then each change; closes after FINISHED")
    @APIResponse(responseCode = "200", description = "One JSON JobEvent per SSE message",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = JobEvent.class)))
    @APIResponse(responseCode = "404", description = "JOB_NOT_FOUND",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Multi<JobEvent> events(@PathParam("id") String id) {
        return jobs.events(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        // The id is echoed only when it looks like one of ours, so a path can't inject text into the page.
        String shown = id != null && id.matches("[0-9a-f-]{36}") ? id : "this id";
        return new ApiException(ErrorCode.JOB_NOT_FOUND, "No job " + shown + " (unknown, or dropped from the history)");
    }
}
