package id.dicomgateway.api;

import id.dicomgateway.testing.FakeScp;
import id.dicomgateway.testing.FreePorts;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The gateway with no PACS (a port nobody listens on), a JDK-only router ({@link FakeScp}) that records what reaches it,
 * and a temporary area with a 48M quota and a 512M per-request allowance. {@link PacsDownTest} and
 * {@link DiskQuotaUploadTest} share it, one application instead of two (issue 22 step 5): neither reaches the PACS or
 * the router when its behaviour holds, and neither's requests come near the other's limits.
 */
public final class NoPacsProfile implements QuarkusTestProfile {
    /** The router: the readiness probe's C-ECHO may reach it, no instance may. */
    static final FakeScp ROUTER;

    static {
        try {
            ROUTER = new FakeScp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        String url = "http://127.0.0.1:" + FreePorts.freePort();
        return Map.of("gateway.pacs.dicomweb-url", url + "/dicom-web", "gateway.pacs.wado-uri-url", url + "/wado",
                "gateway.router.host", "127.0.0.1", "gateway.router.port", Integer.toString(ROUTER.port()),
                "gateway.router.ae-title", FakeScp.AE_TITLE,
                // a large per-request allowance, so that the ZIP bomb's ratio and the quota are what refuse
                "gateway.temp.max-request-size", "512M", "gateway.disk.temp-quota", "48M");
    }
}
