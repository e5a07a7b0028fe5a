package id.dicomgateway.relay.files;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/**
 * gateway.disk.*: the budgets every writer goes through ({@link DiskQuota}). They must fit the
 * volumes they are on (k8s/base/statefulset.yaml; ManifestsTest checks).
 */
@ConfigMapping(prefix = "gateway.disk")
public interface DiskConfig {

    /** All requests, uploads and received studies in {@code TEMP_DIR} together ({@code GATEWAY_TEMP_QUOTA}). */
    MemorySize tempQuota();

    /** The files of jobs waiting in the spool ({@code GATEWAY_SPOOL_QUOTA}). */
    MemorySize spoolQuota();
}
