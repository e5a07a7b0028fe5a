package id.dicomgateway.api;

import id.dicomgateway.demo.DemoMode;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Before a {@link RequiresPacs} endpoint reads its body: in demo mode with no PACS named, the
 * answer is a 503 that says which variable to set, instead of a connection error to an address
 * nobody chose.
 */
@Provider
@RequiresPacs
public final class PacsRequired implements ContainerRequestFilter {
    @Inject
    DemoMode demo;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!demo.pacsConfigured()) {
            request.abortWith(Response.status(ErrorCode.PACS_NOT_CONFIGURED.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBody.of(ErrorCode.PACS_NOT_CONFIGURED, "No PACS is configured (demo mode): set " + DemoMode.PACS_VARIABLES
                            + " to fetch studies from one. Uploads work without a PACS: try the sample study on the dashboard"))
                    .build());
        }
    }
}
