package id.dicomgateway.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * What the dashboard shell shows besides the API's data: the link to the API documentation and the
 * version. Both follow Quarkus's own settings unless set here.
 */
@ConfigMapping(prefix = "gateway.dashboard")
public interface DashboardConfig {

    /** Where Swagger UI is served: the dashboard's "API" link. */
    @WithDefault("${quarkus.swagger-ui.path:/q/swagger-ui}")
    String apiDocsPath();

    /** Shown in the footer; none when the build set none. */
    @WithDefault("${quarkus.application.version:}")
    Optional<String> version();
}
