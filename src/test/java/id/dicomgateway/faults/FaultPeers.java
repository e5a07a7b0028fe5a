package id.dicomgateway.faults;

import id.dicomgateway.testing.FakeScp;
import id.dicomgateway.testing.PacsStub;
import id.dicomgateway.testing.TestCorpus;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The peers of the fault tests, shared by all of them: a {@link PacsStub} serving the corpus's
 * study-mr3 (11 instances) and a {@link FakeScp} as the router, both on free loopback ports. Tests
 * switch faults on, and {@link #reset()} back to healthy peers.
 */
public final class FaultPeers implements QuarkusTestResourceLifecycleManager {
    private PacsStub pacs;
    private volatile FakeScp router;
    private int routerPort;
    private String study;

    @Override
    public Map<String, String> start() {
        try {
            pacs = new PacsStub();
            List<Path> files;
            try (Stream<Path> s = Files.list(TestCorpus.dir().resolve("study-mr3"))) {
                files = s.sorted().toList();
            }
            study = pacs.addStudy(files);
            router = new FakeScp();
            routerPort = router.port();
            return Map.of(
                    "gateway.pacs.dicomweb-url", pacs.dicomwebUrl(),
                    "gateway.pacs.wado-uri-url", pacs.wadoUriUrl(),
                    "gateway.router.host", "127.0.0.1",
                    "gateway.router.port", Integer.toString(routerPort),
                    "gateway.router.ae-title", FakeScp.AE_TITLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PacsStub pacs() {
        return pacs;
    }

    public FakeScp router() {
        return router;
    }

    public String study() {
        return study;
    }

    /** SOP Instance UIDs of the study, in the order the PACS sends them. */
    public List<String> instances() {
        return pacs.study(study).stream().map(PacsStub.Instance::sopInstanceUid).toList();
    }

    /** The router stops listening: connections are refused until {@link #reset()}. */
    public void routerDown() throws IOException {
        router.close();
    }

    /** Healthy peers, nothing recorded. */
    public void reset() throws IOException {
        pacs.reset();
        pacs.up();
        if (router.isClosed()) {
            router = new FakeScp(routerPort);
        }
        router.reset();
    }

    @Override
    public void stop() {
        if (pacs != null) {
            pacs.close();
        }
        if (router != null) {
            try {
                router.close();
            } catch (IOException e) {
                // the port is freed with the JVM anyway
            }
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(FaultPeers.class));
    }
}
