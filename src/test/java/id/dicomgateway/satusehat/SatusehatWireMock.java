package id.dicomgateway.satusehat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * SATUSEHAT on a free loopback port: WireMock answering with the shared example responses
 * (src/test/resources/satusehat/). Like the real API it accepts only the token it issued last,
 * and answers 401 to any other, so tests do not depend on what an earlier test left cached.
 */
public final class SatusehatWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String ORG_ID = "100025702";
    public static final String CLIENT_ID = "gateway-test-client";
    public static final String CLIENT_SECRET = "Sekr3t-never-in-any-log";
    /** The Accession Number of the example ImagingStudy and ServiceRequest. */
    public static final String ACSN = "202512300001";
    public static final String IMAGING_STUDY_ID = "4630e0ce-26a6-4ae5-ab02-c66138ee1bbe";
    public static final String PATIENT_REFERENCE = "Patient/P00284578000";
    /** The example Patient (patient.json): the one the example ServiceRequest's subject names. */
    public static final String PATIENT_ID = "P00284578000";
    private static final String NOT_FOUND = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"not-found\",\"details\":{\"text\":\"Resource not found\"}}]}";
    public static final String SYSTEM = "http://sys-ids.kemkes.go.id/acsn/" + ORG_ID;
    public static final String FHIR_JSON = "application/fhir+json";

    /** Marks the test field that receives the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectSatusehat {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        reset(server, "token-initial", "14399");
        return Map.of(
                "satusehat.url", server.baseUrl(),
                "satusehat.org-id", ORG_ID,
                "satusehat.client-id", CLIENT_ID,
                "satusehat.client-secret", CLIENT_SECRET,
                "satusehat.read-timeout", "1500ms",
                // Anything the REST client or Vert.x would say about a request is captured by the log test.
                "quarkus.log.category.\"org.jboss.resteasy.reactive.client\".level", "DEBUG",
                "quarkus.log.category.\"io.quarkus.rest.client\".level", "DEBUG",
                "quarkus.log.category.\"id.dicomgateway\".level", "DEBUG");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectSatusehat.class, WireMockServer.class));
    }

    /**
     * The normal SATUSEHAT: issues {@code token}, finds the example ImagingStudy and
     * ServiceRequest for {@link #ACSN}, nothing for any other ACSN, the example Patient {@link #PATIENT_ID} (404 for any
     * other), 401 for any other token.
     */
    public static void reset(WireMockServer server, String token, String expiresIn) {
        server.resetAll();
        issueToken(server, token, expiresIn);
        server.stubFor(post(urlPathEqualTo("/oauth2/v1/accesstoken")).atPriority(9)
                .willReturn(json(401, "{\"error\":\"invalid_client\"}")));
        server.stubFor(search("ImagingStudy", token).atPriority(5)
                .withQueryParam("identifier", equalTo(SYSTEM + "|" + ACSN))
                .willReturn(fhir(200, fixture("imagingstudy-search-found.json"))));
        server.stubFor(search("ServiceRequest", token).atPriority(5)
                .withQueryParam("identifier", equalTo(SYSTEM + "|" + ACSN))
                .willReturn(fhir(200, fixture("servicerequest-search-found.json"))));
        server.stubFor(search("ImagingStudy", token).atPriority(7).willReturn(fhir(200, fixture("search-empty.json"))));
        server.stubFor(search("ServiceRequest", token).atPriority(7).willReturn(fhir(200, fixture("search-empty.json"))));
        server.stubFor(patient(PATIENT_ID, token).atPriority(5).willReturn(fhir(200, fixture("patient.json"))));
        server.stubFor(get(urlPathMatching("/fhir-r4/v1/Patient/.*")).withHeader("Authorization", equalTo("Bearer " + token))
                .atPriority(7).willReturn(fhir(404, NOT_FOUND)));
        server.stubFor(get(urlPathMatching("/fhir-r4/v1/.*")).atPriority(9)
                .willReturn(fhir(401, fixture("unauthorized-401.json"))));
    }

    /** The token endpoint, answering only the test's credentials, with the example token body. */
    public static void issueToken(WireMockServer server, String token, String expiresIn) {
        server.stubFor(tokenRequest().atPriority(1).willReturn(json(200, tokenBody(token, expiresIn))));
    }

    public static MappingBuilder tokenRequest() {
        return post(urlPathEqualTo("/oauth2/v1/accesstoken"))
                .withQueryParam("grant_type", equalTo("client_credentials"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("client_id=" + CLIENT_ID))
                .withRequestBody(containing("client_secret=" + CLIENT_SECRET));
    }

    /** A FHIR read of one Patient carrying {@code token}. */
    public static MappingBuilder patient(String id, String token) {
        return get(urlPathEqualTo("/fhir-r4/v1/Patient/" + id))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Accept", containing(FHIR_JSON));
    }

    /** A FHIR search carrying {@code token}. */
    public static MappingBuilder search(String resource, String token) {
        return get(urlPathEqualTo("/fhir-r4/v1/" + resource))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Accept", containing(FHIR_JSON));
    }

    public static String tokenBody(String token, String expiresIn) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(fixture("token.json"));
            body.put("access_token", token);
            body.put("expires_in", expiresIn);
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ResponseDefinitionBuilder fhir(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", FHIR_JSON).withBody(body);
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** A search answer with one ImagingStudy {@code id} of one series holding {@code instances} (SOP Instance UIDs). */
    public static String imagingStudyBundle(String id, List<String> instances) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(fixture("imagingstudy-search-found.json"));
            ObjectNode study = (ObjectNode) body.withArray("entry").get(0).get("resource");
            study.put("id", id);
            study.put("numberOfInstances", instances.size());
            ObjectNode series = (ObjectNode) study.withArray("series").get(0);
            series.put("numberOfInstances", instances.size());
            ArrayNode list = series.putArray("instance");
            int number = 1;
            for (String uid : instances) {
                list.addObject().put("uid", uid).put("number", number++);
            }
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fixture(String name) {
        try (InputStream in = SatusehatWireMock.class.getClassLoader().getResourceAsStream("satusehat/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture satusehat/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
