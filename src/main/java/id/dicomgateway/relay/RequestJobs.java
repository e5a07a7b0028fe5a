package id.dicomgateway.relay;

import id.dicomgateway.orders.Reconciliation;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.outcome.RouterFailure;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What the two ways of sending ({@link StudyRelay}, {@link UploadRelay}) share about a request's job: what an order
 * decision means for a send, and how the job ends with its work (the caller waits, or gets the job at once).
 */
@Singleton
public class RequestJobs {
    @Inject
    JobRegistry jobs;
    @Inject
    BackgroundJobs background;

    /** Ends job {@code id} with {@code work}: the caller waits for it, or (async) gets the job at once. */
    Uni<RelayAnswer> answer(String id, Uni<Relayed> work, boolean async) {
        Uni<Relayed> tracked = jobs.track(id, work.onFailure(RouterFailure.class).transform(e -> ((RouterFailure) e).withJob(id)),
                Relayed::message);
        if (async) {
            background.start(id, tracked);
            return Uni.createFrom().item(RelayAnswer.accepted(id));
        }
        return tracked.map(r -> RelayAnswer.done(id, r));
    }

    /**
     * What a decision means for a send: no order and no wait changes nothing (as before issue 24: the router's check
     * refuses an empty AccessionNumber), not even the job's checks; a wait for a caller that waits for the answer is
     * ORDER_NOT_MATCHED, nothing sent or kept.
     */
    static Reconciliation.Decision settled(RelayCommand command, Reconciliation.Decision decision) {
        if (decision.order() == null && !decision.waits()) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        if (decision.waits() && !command.async()) {
            throw new RelayException(FailureCode.ORDER_NOT_MATCHED, "The study has no AccessionNumber and no single open order "
                    + "matches it: " + decision.reason() + ". Nothing was sent. Give its AccessionNumber (acc), or send it with "
                    + "?async=true: its job then waits (WAITING_FOR_ORDER) for a person to assign it an order "
                    + "(POST /api/jobs/{id}/assign, or the dashboard's Orders tab)");
        }
        return decision;
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
