package id.dicomgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.relay.files.TempArea;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A request abandoned at any moment (the client went away) leaves no request directory behind: while it fetches from
 * the PACS, and, now that the router is there (it shares the relay ITs' application, issue 22 step 5), while it sends.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class StudyRelayCancelIT {
    @Inject
    StudyRelay relay;

    @Inject
    TempArea temp;

    @Inject
    JobRegistry jobs;

    @Test
    void cancellingAtAnyPointRemovesTheRequestDirectory() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 25; i++) {
            // a job open already, as a worker's: the work starts at once, as a caller waits for it
            String job = jobs.create(JobKind.PROCESS, OrthancResource.STUDY_MR3, "A1", "P1", false, false, false).id();
            Cancellable running = relay.process(new RelayCommand(RelayCommand.Operation.PROCESS, OrthancResource.STUDY_MR3, null, "P1",
                            "A1", false, false, false, false, job))
                    .subscribe().with(r -> { }, f -> { });
            Thread.sleep(random.nextInt(80));
            running.cancel();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((requestDirectories() > 0 || temp.activeCount() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(requestDirectories()).isZero();
        assertThat(temp.activeCount()).isZero();
    }

    /** The router is shared with the ITs that run after this class: leave it idle and empty, as they count its associations. */
    @AfterEach
    void leaveTheRouterIdle() throws Exception {
        Router.awaitEnded(Router.associations());
        Router.clear();
    }

    private long requestDirectories() throws IOException {
        Path root = temp.root();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("gw-req-")).count();
        }
    }
}
