package id.dicomgateway.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A key presented as {@code Authorization: Bearer <key>}; never logged, never kept. */
final class ApiKeyRequest extends BaseAuthenticationRequest {
    private final String key;

    ApiKeyRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyRequest"; // the key stays out of any log line that prints the request
    }
}
