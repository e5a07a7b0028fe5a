package id.dicomgateway.api;

import id.dicomgateway.job.JobFilter;
import id.dicomgateway.job.JobState;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobEvent;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import id.dicomgateway.security.Roles;
import id.dicomgateway.security.Sessions;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The job model over HTTP: history, one job, its live events, and sending again or stopping. */
@Path("/api/jobs")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "Jobs", description = "Progress and outcome of process, direct and upload runs")
public final class JobResource {
    private static final int MAX_LIMIT = 1000;

    @Inject
    JobRegistry jobs;
    @Inject
    Sessions sessions;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listJobs", summary = "Recent jobs, newest first, optionally filtered",
            description = "Every replica's jobs, from the shared store. The filters combine (all must hold).")
    @APIResponse(responseCode = "200", description = "Recent jobs")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: limit out of range, an unknown state or code, an unreadable day",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public List<JobView> list(
            @Parameter(description = "How many jobs at most (1-1000, default 100)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Only jobs in this state, e.g. FAILED; several separated by commas "
                    + "(FAILED,PARTLY_FAILED,WAITING_FOR_ORDER: the jobs that need attention)") @QueryParam("state") String state,
            @Parameter(description = "Only jobs whose error code is this, e.g. ROUTER_FAILED") @QueryParam("code") String code,
            @Parameter(description = "Only jobs created on this day (YYYY-MM-DD, UTC)") @QueryParam("day") String day) {
        int n = QueryParams.number("limit", limit, 100, 1, MAX_LIMIT);
        Instant from = null;
        Instant to = null;
        if (day != null && !day.isBlank()) {
            LocalDate d = day(day.strip());
            from = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            to = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        JobFilter filter = new JobFilter(states(state), code(code), from, to);
        return JobFilter.ALL.equals(filter) ? jobs.recent(n) : jobs.list(filter, n);
    }

    @GET
    @Path("/attention")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "jobsNeedingAttention", summary = "How many kept jobs need a person",
            description = "FAILED, PARTLY_FAILED and WAITING_FOR_ORDER jobs of every replica, over the kept history: "
                    + "each leaves the count when it is retried and succeeds, is cancelled, or ages out of the history. "
                    + "GET /api/jobs?state=" + ATTENTION_STATES + " lists them.")
    @APIResponse(responseCode = "200", description = "The count, and per state")
    @APIResponse(responseCode = "503", description = "JOB_STORE_UNAVAILABLE", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public NeedsAttention attention() {
        Map<JobState, Long> counts = jobs.counts();
        long failed = counts.getOrDefault(JobState.FAILED, 0L);
        long partly = counts.getOrDefault(JobState.PARTLY_FAILED, 0L);
        long waiting = counts.getOrDefault(JobState.WAITING_FOR_ORDER, 0L);
        return new NeedsAttention(failed + partly + waiting, failed, partly, waiting);
    }

    static final String ATTENTION_STATES = "FAILED,PARTLY_FAILED,WAITING_FOR_ORDER";

    /** The answer of GET /api/jobs/attention. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    @Schema(name = "NeedsAttention")
    public record NeedsAttention(
            @Schema(description = "failed + partlyFailed + waitingForOrder") long count,
            long failed,
            long partlyFailed,
            @Schema(description = "Held until SATUSEHAT has the ServiceRequest") long waitingForOrder) {
    }

    private static Set<JobState> states(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<JobState> out = EnumSet.noneOf(JobState.class);
        for (String part : value.split(",", -1)) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                out.add(JobState.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "state must be one or more of "
                        + String.join(", ", Arrays.stream(JobState.values()).map(Enum::name).toList()) + ", separated by commas; "
                        + "not " + Shown.of(part.strip()));
            }
        }
        return out;
    }

    private static String code(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String name = value.strip().toUpperCase(Locale.ROOT);
        try {
            return FailureCode.valueOf(name).name();
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "code must be an error code of the API, e.g. ROUTER_FAILED or "
                    + "PACS_UNREACHABLE (one of " + String.join(", ", Arrays.stream(FailureCode.values()).map(Enum::name).toList())
                    + "); not " + Shown.of(value.strip()));
        }
    }

    private static LocalDate day(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "day must be a day like 2026-12-01 (YYYY-MM-DD, UTC); not "
                    + Shown.of(value));
        }
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "streamAllJobEvents",
            summary = "Server-Sent Events of every job from now on (for dashboards); never ends")
    @APIResponse(responseCode = "200", description = "One JSON JobEvent per SSE message",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = JobEvent.class)))
    public Multi<JobEvent> allEvents(@Context RoutingContext http) {
        // Closed when the signed-in person's session ends (sign-out, removal, expiry), on any replica.
        return sessions.bound(http, jobs.allEvents());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJob", summary = "One job with its failures, checks and every try (attempts)")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", ref = OpenApiDocument.JOB_NOT_FOUND)
    public JobView get(@PathParam("id") String id) {
        return jobs.detail(id).orElseThrow(() -> notFound(id));
    }

    @GET
    @Path("/{id}/events")
    @Blocking // the job is read from the store (JDBC) before the stream starts: not on the event loop
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "streamJobEvents",
            summary = "Server-Sent Events of one job: its current state, then each change; closes after FINISHED")
    @APIResponse(responseCode = "200", description = "One JSON JobEvent per SSE message",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = JobEvent.class)))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.JOB_NOT_FOUND)
    public Multi<JobEvent> events(@PathParam("id") String id, @Context RoutingContext http) {
        return sessions.bound(http, jobs.events(id).orElseThrow(() -> notFound(id)));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/{id}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "retryJob", summary = "Send a FAILED, PARTLY_FAILED or CANCELLED job again",
            description = "The job is queued again, due now, with fresh attempts; its history stays. A worker of any "
                    + "replica takes it within about a second and sends the whole study in a new association.")
    @APIResponse(responseCode = "200", description = "The job, QUEUED")
    @APIResponse(responseCode = "404", ref = OpenApiDocument.JOB_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "JOB_STATE_CONFLICT: the job succeeded, or has not ended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public JobView retry(@PathParam("id") String id) {
        JobView before = jobs.find(id).orElseThrow(() -> notFound(id));
        JobView after = jobs.retry(id).orElseThrow(() -> notFound(id));
        if (after.state() != JobState.QUEUED) {
            throw new ApiException(ErrorCode.JOB_STATE_CONFLICT, "Job " + Shown.id(id) + " is " + before.state()
                    + ": only FAILED, PARTLY_FAILED and CANCELLED jobs are sent again");
        }
        return after;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelJob", summary = "Stop a job that has not ended",
            description = "A queued or waiting job will not run; a running one stops (its association is aborted, so the "
                    + "router files nothing of it), on another replica when it next renews its lease (within seconds).")
    @APIResponse(responseCode = "200", description = "The job, CANCELLED")
    @APIResponse(responseCode = "404", ref = OpenApiDocument.JOB_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "JOB_STATE_CONFLICT: the job has ended, a synchronous request waits for it, or it has sent every instance and is being released at the router (which files the study from that release)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public JobView cancel(@PathParam("id") String id) {
        JobView before = jobs.find(id).orElseThrow(() -> notFound(id));
        if (before.state().isFinal()) {
            throw new ApiException(ErrorCode.JOB_STATE_CONFLICT, "Job " + Shown.id(id) + " has ended (" + before.state() + ")");
        }
        return jobs.cancel(id).orElseThrow(() -> notFound(id));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/retry")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "retryJobs", summary = "Send again every FAILED, PARTLY_FAILED or CANCELLED job the filter selects",
            description = "Without a filter: every such job. Each keeps its history.")
    @APIResponse(responseCode = "200", description = "How many jobs were queued again")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: an unknown state or code, a state no job is sent again from, an unreadable time",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public RetriedJobs retryAll(
            @Parameter(description = "Only jobs in this state (FAILED, PARTLY_FAILED, CANCELLED); several separated by commas") @QueryParam("state") String state,
            @Parameter(description = "Only jobs whose last outcome has this code, e.g. ROUTER_FAILED") @QueryParam("code") String code,
            @Parameter(description = "Only jobs created at or after this time (ISO-8601 instant) or day (YYYY-MM-DD, UTC)")
            @QueryParam("since") String since,
            @Parameter(description = "Only jobs created before this time or day") @QueryParam("until") String until) {
        Set<JobState> states = states(state);
        if (!RETRIED.containsAll(states)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "state must be FAILED, PARTLY_FAILED or CANCELLED (the states a job "
                    + "is sent again from), not " + Shown.of(state.strip()));
        }
        // The same reading of code as the list's: a code the API does not have is a 400, not "0 retried".
        JobFilter filter = new JobFilter(states, code(code), time("since", since), time("until", until));
        return new RetriedJobs(jobs.retryAll(filter));
    }

    /** What a retry sends again from. */
    private static final Set<JobState> RETRIED = EnumSet.of(JobState.FAILED, JobState.PARTLY_FAILED, JobState.CANCELLED);

    /** The answer of a bulk retry. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record RetriedJobs(@Schema(description = "Jobs queued again") int retried) {
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be an ISO-8601 instant (2026-12-01T08:00:00Z) "
                    + "or a day (2026-12-01)");
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.JOB_NOT_FOUND, "No job " + Shown.id(id) + " (unknown, or dropped from the history)");
    }
}
