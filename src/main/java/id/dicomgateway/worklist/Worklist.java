package id.dicomgateway.worklist;

import id.dicomgateway.dimse.find.FindHandler;
import id.dicomgateway.dimse.find.Identifier;
import id.dicomgateway.orders.Order;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The worklist the gateway's SCP answers (PS3.4 K): a query reads the candidate orders (scheduled ones, narrowed
 * by day and modality) on a worker, then each is matched ({@link WorklistMatcher}). Other SOP classes get no
 * matches.
 */
public final class Worklist implements FindHandler {

    /** The store's side: offered orders in a day range and of a modality, each null when open. */
    @FunctionalInterface
    public interface Candidates {
        List<Order> read(String fromDay, String toDay, String modality);
    }

    private final Candidates candidates;
    private final Executor worker;

    public Worklist(Candidates candidates, Executor worker) {
        this.candidates = candidates;
        this.worker = worker;
    }

    @Override
    public Multi<Identifier> find(String sopClassUid, String callingAeTitle, Identifier query) {
        if (!MODALITY_WORKLIST_FIND.equals(sopClassUid)) {
            return Multi.createFrom().empty();
        }
        WorklistMatcher.Narrowing n = WorklistMatcher.narrowing(query);
        return Uni.createFrom().item(() -> candidates.read(n.fromDay(), n.toDay(), n.modality()))
                .runSubscriptionOn(worker)
                .onItem().transformToMulti(orders -> Multi.createFrom().iterable(orders))
                .map(order -> WorklistMatcher.match(query, order))
                .filter(Optional::isPresent)
                .map(Optional::get);
    }
}
