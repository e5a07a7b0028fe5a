package id.dicomgateway.relay.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * Puts the job a piece of work is for into every log line it writes, as MDC fields {@value #JOB_ID},
 * {@value #STUDY_UID} and {@value #ACCESSION_NUMBER} (with GATEWAY_LOG_FORMAT=json, fields of each
 * line's {@code mdc} object; docs/operations.md, "JSON logs"). Never a patient's name or ID.
 *
 * <p>A job's work hops between threads: worker threads that fetch from the PACS, and the Vert.x
 * event loop its association with the router runs on ({@code dimse}, which knows no Quarkus).
 * Each job gets its own Vert.x duplicated context, and its fields live there: Quarkus keeps the
 * MDC of a thread that runs on a duplicated context in that context (VertxMDC), not in the thread.
 * Work handed to a worker pool through {@link Scope#on} runs on that context; {@code dimse}
 * captures the context it is called on ({@code vertx.getOrCreateContext()}) and runs the whole
 * association there, so its lines carry the job's fields without knowing of them. Nothing is put
 * into a thread's own MDC, which threads a pool starts would inherit and show on unrelated lines.
 */
@Singleton
public class JobLogs {
    public static final String JOB_ID = "jobId";
    public static final String STUDY_UID = "studyUid";
    public static final String ACCESSION_NUMBER = "accessionNumber";
    /** Background work that belongs to no job (a readiness probe, learning what the router takes) names itself here. */
    public static final String TASK = "task";

    @Inject
    Vertx vertx;

    /** The scope of job {@code jobId}; for a null id (work no job tracks) one that adds nothing. */
    public Scope of(String jobId, String studyUid, String accessionNumber) {
        if (jobId == null) {
            return Scope.NONE;
        }
        // A context of its own on the next event loop (round robin, as connections are spread), duplicated so that
        // the fields are this job's alone: a duplicate of the caller's context would share a request's fields.
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext().duplicate();
        Scope scope = new Scope(context);
        scope.run(() -> {
            MDC.put(JOB_ID, jobId);
            putIfKnown(STUDY_UID, studyUid);
            putIfKnown(ACCESSION_NUMBER, accessionNumber);
        });
        return scope;
    }

    /**
     * The scope of background work no job owns, named {@code task} (for example "readiness"): its lines, dimse's on the
     * event loop included, carry {@value #TASK} instead of nothing, so a reader of the JSON logs tells them from a job's.
     */
    public Scope task(String task) {
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext().duplicate();
        Scope scope = new Scope(context);
        scope.run(() -> MDC.put(TASK, task));
        return scope;
    }

    private static void putIfKnown(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }

    /** Where one job's work runs with its fields. */
    public static final class Scope {
        static final Scope NONE = new Scope(null);
        private final ContextInternal context;

        private Scope(ContextInternal context) {
            this.context = context;
        }

        /** Runs {@code task} on the calling thread with the job's fields; exceptions pass through. */
        public void run(Runnable task) {
            if (context == null) {
                task.run();
                return;
            }
            ContextInternal previous = context.beginDispatch();
            try {
                task.run();
            } finally {
                context.endDispatch(previous);
            }
        }

        /** {@code work} subscribed to within the scope, so that an association it opens runs on the scope's context. */
        public <T> Uni<T> subscribeWithin(Supplier<Uni<T>> work) {
            if (context == null) {
                return Uni.createFrom().deferred(work::get);
            }
            return Uni.createFrom().emitter(emitter -> run(() -> work.get().subscribe().with(emitter::complete, emitter::fail)));
        }

        /** {@code pool}'s threads, each task run with the job's fields. */
        public Executor on(Executor pool) {
            return context == null ? pool : task -> pool.execute(() -> run(task));
        }

        /** A field learned while the job runs (an upload's study, the Accession Number read from the files). */
        public void put(String key, String value) {
            if (value != null && !value.isBlank()) {
                run(() -> MDC.put(key, value));
            }
        }
    }
}
