package id.dicomgateway.relay.router;

import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.FailureCause;
import id.dicomgateway.dimse.ReleaseGate;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.dimse.StoreResult;
import id.dicomgateway.dimse.StoreScu;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RouterFailure;
import id.dicomgateway.relay.outcome.StudyResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Sends one study to the router in ONE association (docs/architecture.md §5.1) and accounts for every instance. */
@Singleton
public class RouterSender {
    /** Causes that mean the router said no, as opposed to the network or the router failing. */
    private static final Set<FailureCause> REFUSALS = EnumSet.of(FailureCause.ASSOCIATION_REJECTED,
            FailureCause.NO_PRESENTATION_CONTEXT, FailureCause.STATUS_FAILURE);

    private final StoreScu scu;
    private final Destination router;

    public RouterSender(StoreScu scu, Destination router) {
        this.scu = scu;
        this.router = router;
    }

    public Destination router() {
        return router;
    }

    public Uni<StudyResult> send(String study, List<StoreRequest> instances) {
        return send(study, instances, r -> {
        });
    }

    /** As {@link #send(String, List)}, telling {@code each} about every instance as the router answers it. */
    public Uni<StudyResult> send(String study, List<StoreRequest> instances, Consumer<StoreResult> each) {
        return scu.send(router, instances).invoke(each).collect().asList().map(results -> account(study, instances.size(), results));
    }

    /**
     * As {@link #send(String, List, Consumer)}, all or nothing: an instance whose own encapsulated
     * syntax the router refuses aborts the association before anything is stored
     * ({@link StoreScu#sendStudy}, failing with {@link id.dicomgateway.dimse.RefusedSyntaxException}).
     */
    public Uni<StudyResult> sendStudy(String study, List<StoreRequest> instances, Consumer<StoreResult> each) {
        return sendStudy(study, instances, ReleaseGate.ALWAYS, each);
    }

    /** As {@link #sendStudy(String, List, Consumer)}, released only if {@code gate} (the job's) lets it. */
    public Uni<StudyResult> sendStudy(String study, List<StoreRequest> instances, ReleaseGate gate, Consumer<StoreResult> each) {
        return scu.sendStudy(router, instances, gate).invoke(each).collect().asList()
                .map(results -> account(study, instances.size(), results));
    }

    /**
     * A study still being fetched: each instance goes to the router as it arrives (see
     * {@link StoreScu#send(Destination, Set, Multi)}). Every result reaches {@code each} as the
     * router answers, so on a failure of {@code instances} (the PACS) the caller knows exactly what
     * the router received before the association was aborted.
     */
    public Uni<StudyResult> sendArriving(String study, Set<String> expectedSopClasses, Multi<StoreRequest> instances,
                                         ReleaseGate gate, Consumer<StoreResult> each) {
        return scu.send(router, expectedSopClasses, instances, gate).invoke(each).collect().asList()
                .map(results -> account(study, results.size(), results));
    }

    public static StudyResult account(String study, int instances, List<StoreResult> results) {
        List<String> stored = new ArrayList<>();
        List<StudyResult.InstanceFailure> failures = new ArrayList<>();
        long bytes = 0;
        for (StoreResult r : results) {
            bytes += r.bytes();
            if (r.stored()) {
                stored.add(r.sopInstanceUid());
            } else {
                failures.add(new StudyResult.InstanceFailure(r.sopInstanceUid(), r.cause() == null ? "UNKNOWN" : r.cause().name(), r.status(), r.message()));
            }
        }
        return new StudyResult(study, instances, stored.size(), bytes, stored, failures);
    }

    /** Throws {@link RouterFailure} unless the router stored every instance of every study. */
    public void requireComplete(List<StudyResult> studies) {
        List<StudyResult.InstanceFailure> failures = studies.stream().flatMap(s -> s.failures().stream()).toList();
        int instances = studies.stream().mapToInt(StudyResult::instances).sum();
        int sent = studies.stream().mapToInt(StudyResult::sent).sum();
        if (failures.isEmpty() && sent == instances) {
            return;
        }
        boolean refused = sent == 0 && !failures.isEmpty()
                && failures.stream().allMatch(f -> REFUSALS.stream().anyMatch(c -> c.name().equals(f.cause())));
        StudyResult.InstanceFailure first = failures.isEmpty() ? null : failures.get(0);
        String why = first == null ? "" : ": " + first.cause() + (first.message() == null ? "" : " (" + first.message() + ")");
        String message = refused
                ? "Router " + router + " refused the study; nothing was stored" + why
                : "Router " + router + " stored " + sent + " of " + instances + " instances" + why + "; resend the whole study";
        throw new RouterFailure(refused ? FailureCode.ROUTER_REJECTED : FailureCode.ROUTER_FAILED, message, studies);
    }
}
