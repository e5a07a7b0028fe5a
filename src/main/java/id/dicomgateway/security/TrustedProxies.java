package id.dicomgateway.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Forwarded headers ({@code X-Forwarded-For}, {@code -Proto}, {@code Forwarded}) are believed only
 * from the addresses GATEWAY_TRUSTED_PROXIES names, and from nobody when it is empty (the default).
 * Quarkus alone cannot say "nobody": with address forwarding on, an empty trusted-proxies list
 * trusts every peer. So forwarding is on exactly when the list names someone; the list itself
 * then limits whom. Without this, any machine that can reach port 5000 could choose the address
 * the audit trail records and the rate limiter counts, and claim HTTPS.
 */
// Above the expression and profile interceptors (LIBRARY + ...), so the list it reads is the resolved value, not "${...}".
@Priority(Priorities.APPLICATION)
public final class TrustedProxies implements ConfigSourceInterceptor {
    static final String FORWARDING = "quarkus.http.proxy.proxy-address-forwarding";
    static final String TRUSTED = "quarkus.http.proxy.trusted-proxies";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!FORWARDING.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue trusted = context.proceed(TRUSTED);
        boolean named = trusted != null && trusted.getValue() != null && !trusted.getValue().isBlank();
        ConfigValue own = context.proceed(name);
        ConfigValue.ConfigValueBuilder value = own != null ? own.from() : ConfigValue.builder().withName(name);
        return value.withValue(Boolean.toString(named && (own == null || Boolean.parseBoolean(own.getValue())))).build();
    }
}
