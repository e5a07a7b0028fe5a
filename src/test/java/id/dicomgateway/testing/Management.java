package id.dicomgateway.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;

/**
 * Requests to the management interface (health, metrics: quarkus.management.*), which listens on a
 * port of its own, random in tests (quarkus.management.test-port=0), apart from the API's.
 */
public final class Management {
    private Management() {
    }

    /** The management interface's base URL of the application under test, e.g. http://localhost:41234. */
    public static URI uri() {
        return URI.create(TestHTTPResourceManager.getManagementUri());
    }

    /** RestAssured aimed at the management port instead of the API's. */
    public static RequestSpecification given() {
        URI uri = uri();
        return RestAssured.given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }
}
