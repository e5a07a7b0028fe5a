package id.dicomgateway.pacs;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Where the PACS is and how to pull instances from it (docs/architecture.md §4). */
@ConfigMapping(prefix = "gateway.pacs")
public interface PacsConfig {

    /** DICOMweb root: {@code {DCM4CHEE_URL}/rs} for dcm4chee-arc, {@code …/dicom-web} for Orthanc. */
    String dicomwebUrl();

    /** WADO-URI endpoint: {@code {DCM4CHEE_URL}/wado} for dcm4chee-arc, {@code …/wado} for Orthanc. */
    String wadoUriUrl();

    Retrieve retrieve();

    Duration connectTimeout();

    /** Longest wait for response headers, and longest silence while a body streams in. */
    Duration readTimeout();

    enum Retrieve {
        /** PS3.18 §10.4: the whole study in one multipart/related response. */
        WADO_RS,
        /** PS3.18 §9 (the earlier service's way): one GET per instance. */
        WADO_URI
    }
}
