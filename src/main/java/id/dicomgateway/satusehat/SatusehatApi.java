package id.dicomgateway.satusehat;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The SATUSEHAT endpoints the gateway uses (docs/architecture.md §6), relative to the base host.
 * Built by {@link SatusehatClient} with {@code QuarkusRestClientBuilder} rather than injected,
 * because the base host is optional configuration: an unconfigured gateway must still start.
 */
@Path("")
public interface SatusehatApi {

    String FHIR_JSON = "application/fhir+json";

    /** FHIR R4 search {@code _sort}: the most recently updated first, as the SATUSEHAT router asks. */
    String NEWEST_FIRST = "-_lastUpdated";

    @POST
    @Path("/oauth2/v1/accesstoken")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<AccessTokenResponse> accessToken(
            @QueryParam("grant_type") String grantType,
            @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret);

    /**
     * {@code identifier} arrives already percent-encoded ({@link AcsnIdentifier#queryValue()}): the client must not encode it again.
     * Searches sort newest first ({@link #NEWEST_FIRST}) as the router does, so with several resources for one ACSN both
     * sides take the same one (docs/domain.md §4).
     */
    @GET
    @Path("/fhir-r4/v1/ImagingStudy")
    @Produces(FHIR_JSON)
    Uni<Bundle<ImagingStudy>> searchImagingStudy(
            @Encoded @QueryParam("identifier") String identifier,
            @QueryParam("_sort") String sort,
            @QueryParam("_count") int count,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/fhir-r4/v1/ServiceRequest")
    @Produces(FHIR_JSON)
    Uni<Bundle<ServiceRequest>> searchServiceRequest(
            @Encoded @QueryParam("identifier") String identifier,
            @QueryParam("_sort") String sort,
            @QueryParam("_count") int count,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /** One Patient by its SATUSEHAT id (the IHS number a ServiceRequest's {@code subject} names); 404 when there is none. */
    @GET
    @Path("/fhir-r4/v1/Patient/{id}")
    @Produces(FHIR_JSON)
    Uni<Patient> patient(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
