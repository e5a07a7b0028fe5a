package id.dicomgateway.ui;

import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The dashboard page. It is one server-rendered shell; everything live (jobs, health, results)
 * comes from the JSON API through the page's own script, so the page and curl see the same data.
 */
@Path("/")
public final class DashboardResource {
    static final String LANG_COOKIE = "lang";
    private static final String DEFAULT_LANG = "id";
    private static final Set<String> LANGS = Set.of("id", "en");
    /** Everything from the gateway itself: hospital networks often block public CDNs. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private final String apiDocsPath;
    private final String version;

    DashboardResource(DashboardConfig config) {
        this.apiDocsPath = config.apiDocsPath();
        this.version = config.version().orElse("");
    }

    @CheckedTemplate
    static final class Templates {
        private Templates() {
        }

        static native TemplateInstance index(String lang, String otherLang, String apiDocs, String version);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.VIEWER)
    @Operation(hidden = true)
    public RestResponse<TemplateInstance> page(@QueryParam("lang") String lang, @CookieParam(LANG_COOKIE) String cookie) {
        String chosen = supported(lang) ? lang : supported(cookie) ? cookie : DEFAULT_LANG;
        TemplateInstance page = Templates.index(chosen, chosen.equals("en") ? "id" : "en", apiDocsPath, version)
                .setLocale(Locale.forLanguageTag(chosen));
        RestResponse.ResponseBuilder<TemplateInstance> response = RestResponse.ResponseBuilder.ok(page)
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
        if (supported(lang)) {
            // Remember an explicit choice, so the next visit without ?lang= keeps it.
            response.cookie(new NewCookie.Builder(LANG_COOKIE).value(lang).path("/").maxAge(365 * 24 * 3600)
                    .sameSite(NewCookie.SameSite.LAX).build());
        }
        return response.build();
    }

    private static boolean supported(String lang) {
        return lang != null && LANGS.contains(lang);
    }
}
