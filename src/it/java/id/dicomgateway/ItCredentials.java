package id.dicomgateway;

import id.dicomgateway.client.ApiClient;

/**
 * The API key the integration tests call the packaged (prod profile) gateway with: failsafe sets
 * GATEWAY_API_KEYS=it-client:admin:<its SHA-256> (pom.xml), as a hospital's Secret would.
 */
final class ItCredentials {
    static final String KEY = "gw_integration_tests_only_not_a_real_key_0001";
    static final String AUTHORIZATION = "Bearer " + KEY;

    private ItCredentials() {
    }

    /** The generated client, sending the key with every call, as a hospital's program would. */
    static ApiClient client(int port) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setRequestInterceptor(request -> request.header("Authorization", AUTHORIZATION));
        return client;
    }
}
