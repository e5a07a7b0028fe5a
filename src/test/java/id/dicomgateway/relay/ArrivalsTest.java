package id.dicomgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void replaysWhatCameBeforeTheSubscriberThenFollowsLive() {
        Arrivals<String> arrivals = new Arrivals<>();
        arrivals.add("a");
        arrivals.add("b");
        AssertSubscriber<String> sub = arrivals.multi().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        sub.assertItems("a", "b").assertNotTerminated();
        arrivals.add("c");
        arrivals.complete();
        sub.assertItems("a", "b", "c").assertCompleted();
    }

    @Test
    void keepsItemsUntilTheSubscriberAsksForThem() {
        Arrivals<Integer> arrivals = new Arrivals<>();
        AssertSubscriber<Integer> sub = arrivals.multi().subscribe().withSubscriber(AssertSubscriber.create(1));
        arrivals.add(1);
        arrivals.add(2);
        arrivals.add(3);
        arrivals.complete();
        sub.assertItems(1).assertNotTerminated();
        sub.request(5);
        sub.assertItems(1, 2, 3).assertCompleted();
    }

    @Test
    void aFailureBeforeTheSubscriberReachesItAfterTheItems() {
        Arrivals<String> arrivals = new Arrivals<>();
        arrivals.add("a");
        arrivals.fail(new IOException("PACS went away"));
        arrivals.add("late");
        AssertSubscriber<String> sub = arrivals.multi().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        sub.assertItems("a").assertFailedWith(IOException.class, "PACS went away");
    }

    @Test
    void aCancelledSubscriberGetsNothingMoreAndASecondOneIsRefused() {
        Arrivals<String> arrivals = new Arrivals<>();
        AssertSubscriber<String> first = arrivals.multi().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        arrivals.add("a");
        first.cancel();
        arrivals.add("b");
        assertThat(first.getItems()).containsExactly("a");
        arrivals.multi().subscribe().withSubscriber(AssertSubscriber.create(1)).assertFailedWith(IllegalStateException.class);
    }
}
