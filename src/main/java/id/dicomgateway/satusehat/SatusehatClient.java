package id.dicomgateway.satusehat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The SATUSEHAT searches the gateway needs, with the token handled: fetched once and cached
 * ({@link AccessTokens}), and on a 401 dropped and fetched again for one retry, because
 * SATUSEHAT may revoke a token before its announced expiry.
 *
 * <p>Failures end as {@link SatusehatException}: {@link SatusehatException.Reason#SATUSEHAT_NOT_CONFIGURED} when the
 * environment lacks a setting, {@link SatusehatException.Reason#SATUSEHAT_AUTH_FAILED} when SATUSEHAT refuses the
 * credentials, {@link SatusehatException.Reason#SATUSEHAT_UNAVAILABLE} for 5xx, timeouts and unreadable answers.
 * Log lines name the Accession Number and HTTP status, never the token or the client secret.
 */
@Singleton
public final class SatusehatClient {
    private static final Logger LOG = Logger.getLogger(SatusehatClient.class);

    private final SatusehatConfig config;
    private final MeterRegistry registry;
    private final List<String> missing;
    private final SatusehatApi api;
    private final AccessTokens tokens;
    /** Whether the last search reached SATUSEHAT and was answered (null before the first): for a gauge, no call of its own. */
    private volatile Boolean lastReached;

    SatusehatClient(SatusehatConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.missing = config.missingSettings();
        if (missing.isEmpty()) {
            this.api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(URI.create(stripTrailingSlash(config.url().orElseThrow())))
                    .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build(SatusehatApi.class);
            this.tokens = new AccessTokens(this::issueToken, Clock.systemUTC(), config.tokenRefreshMargin());
        } else {
            this.api = null;
            this.tokens = null;
        }
    }

    /** Only the newest resource is used ({@link Bundle#first}); the router asks {@code _count=1} too. */
    static final int SEARCH_COUNT = 1;

    /** Whether every SATUSEHAT setting is present; callers with an optional SATUSEHAT step skip it otherwise. */
    public boolean configured() {
        return missing.isEmpty();
    }

    /**
     * Whether the last search reached SATUSEHAT and got an answer: true, false (unavailable, timed out,
     * credentials refused), or empty before the first search. A caller's bad input changes nothing.
     */
    public Optional<Boolean> lastReached() {
        return Optional.ofNullable(lastReached);
    }

    /** The ImagingStudy SATUSEHAT holds for this Accession Number, if any. */
    public Uni<Optional<ImagingStudy>> imagingStudy(AccessionNumber acsn) {
        return measured("ImagingStudy", search("ImagingStudy", acsn, (identifier, auth) -> api.searchImagingStudy(identifier, SatusehatApi.NEWEST_FIRST, SEARCH_COUNT, auth))
                .map(Bundle::first)
                .invoke(found -> LOG.infof("SATUSEHAT ImagingStudy for ACSN %s: %s", acsn,
                        found.map(ImagingStudy::id).orElse("none"))));
    }

    /** The ServiceRequest (the order) SATUSEHAT holds for this Accession Number, if any. */
    public Uni<Optional<ServiceRequest>> serviceRequest(AccessionNumber acsn) {
        return measured("ServiceRequest", search("ServiceRequest", acsn, (identifier, auth) -> api.searchServiceRequest(identifier, SatusehatApi.NEWEST_FIRST, SEARCH_COUNT, auth))
                .map(Bundle::first)
                .invoke(found -> LOG.infof("SATUSEHAT ServiceRequest for ACSN %s: %s", acsn,
                        found.map(ServiceRequest::id).orElse("none"))));
    }

    /** Counts and times each lookup by resource and outcome: found, none, or the error code. */
    private <T> Uni<Optional<T>> measured(String resource, Uni<Optional<T>> lookup) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return lookup.onItemOrFailure().invoke((found, failure) -> {
                String outcome = failure == null ? (found.isPresent() ? "found" : "none")
                        : failure instanceof SatusehatException e ? e.reason().name() : "INTERNAL_ERROR";
                if (failure == null) {
                    lastReached = true;
                } else if (!(failure instanceof SatusehatException e) || e.reason() == SatusehatException.Reason.SATUSEHAT_UNAVAILABLE
                        || e.reason() == SatusehatException.Reason.SATUSEHAT_AUTH_FAILED) {
                    lastReached = false;
                }
                sample.stop(Timer.builder("gateway.satusehat.lookups").description("SATUSEHAT searches by resource and outcome")
                        .tag("resource", resource).tag("outcome", outcome).register(registry));
            });
        });
    }

    private <T> Uni<Bundle<T>> search(String resource, AccessionNumber acsn,
            BiFunction<String, String, Uni<Bundle<T>>> call) {
        if (!configured()) {
            return notConfigured();
        }
        String identifier = new AcsnIdentifier(config.orgId().orElseThrow(), acsn).queryValue();
        return this.<Bundle<T>>authorized(resource + " search", auth -> call.apply(identifier, auth))
                .map(bundle -> bundle == null ? new Bundle<T>(null, 0, List.of()) : bundle);
    }

    /**
     * One call with the cached token; on a 401 the token is dropped and the call made once more with a fresh one.
     * Fails with NOT_CONFIGURED before any call when a setting is missing.
     */
    private <T> Uni<T> authorized(String what, java.util.function.Function<String, Uni<T>> call) {
        if (!configured()) {
            return notConfigured();
        }
        return tokens.current()
                .chain(token -> call.apply(bearer(token))
                        .onFailure(SatusehatClient::unauthorized).recoverWithUni(e -> {
                            LOG.infof("SATUSEHAT refused the cached token (%s); fetching a new one", what);
                            tokens.reject(token);
                            return tokens.current().chain(fresh -> call.apply(bearer(fresh)));
                        }))
                .onFailure().transform(e -> failure(what, false, e));
    }

    private <T> Uni<T> notConfigured() {
        return Uni.createFrom().failure(new SatusehatException(SatusehatException.Reason.SATUSEHAT_NOT_CONFIGURED,
                "SATUSEHAT is not configured: set " + String.join(", ", missing)));
    }

    /** FHIR's id rule (R4 2.24.0.1): what may stand in the path of a read. */
    private static final java.util.regex.Pattern FHIR_ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /**
     * The Patient SATUSEHAT holds under this id (a ServiceRequest's {@code subject} is {@code Patient/{id}}); empty when
     * SATUSEHAT answers 404. The log names the id, never the person.
     */
    public Uni<Optional<Patient>> patient(String id) {
        if (id == null || !FHIR_ID.matcher(id).matches()) {
            return Uni.createFrom().failure(new SatusehatException(SatusehatException.Reason.INVALID_VALUE,
                    "a Patient id has 1 to 64 letters, digits, '-' or '.' (FHIR id)"));
        }
        return measured("Patient", authorized("Patient read", auth -> api.patient(id, auth)
                .map(Optional::ofNullable)
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithItem(Optional.empty()))
                .invoke(found -> LOG.infof("SATUSEHAT Patient %s: %s", id, found.isPresent() ? "found" : "none")));
    }

    private Uni<AccessTokens.Issued> issueToken() {
        return Uni.createFrom().deferred(() -> api.accessToken("client_credentials",
                        config.clientId().orElseThrow(), config.clientSecret().orElseThrow()))
                .onFailure().transform(e -> failure("token request", true, e))
                .map(response -> {
                    if (response == null || response.accessToken() == null || response.accessToken().isBlank()) {
                        LOG.warn("SATUSEHAT token response carried no access_token");
                        throw new SatusehatException(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE,
                                "SATUSEHAT answered the token request without a token");
                    }
                    long seconds = response.expiresIn() == null ? 0 : response.expiresIn();
                    registry.counter("gateway.satusehat.tokens").increment();
                    LOG.infof("SATUSEHAT access token obtained, valid for %d s", seconds);
                    return new AccessTokens.Issued(response.accessToken(), Duration.ofSeconds(seconds));
                });
    }

    private static boolean unauthorized(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse().getStatus() == 401;
    }

    /**
     * Turns a failed call into the error the caller sees. Only the exception's class and the HTTP
     * status are logged: a client exception's text could quote a request. Any 4xx to the token
     * request means the credentials were refused; on a search only 401 and 403 do.
     */
    private static Throwable failure(String what, boolean tokenRequest, Throwable e) {
        if (e instanceof SatusehatException) {
            return e;
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            boolean authRefused = status == 401 || status == 403 || tokenRequest && status >= 400 && status < 500;
            LOG.warnf("SATUSEHAT %s failed: HTTP %d", what, status);
            if (authRefused) {
                return new SatusehatException(SatusehatException.Reason.SATUSEHAT_AUTH_FAILED,
                        "SATUSEHAT refused the gateway's credentials (HTTP " + status + "): check SATUSEHAT_CLIENT_ID and SATUSEHAT_CLIENT_SECRET");
            }
            return new SatusehatException(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE,
                    "SATUSEHAT answered the " + what + " with HTTP " + status);
        }
        LOG.warnf("SATUSEHAT %s failed: %s", what, e.getClass().getSimpleName());
        return new SatusehatException(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE,
                "SATUSEHAT did not answer the " + what + " in time or sent something unreadable");
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String stripTrailingSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
