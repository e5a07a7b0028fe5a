package id.dicomgateway.security;

import jakarta.inject.Singleton;

/** Whether the role checks are on, decided once from {@link AuthConfig}. */
@Singleton
public final class AuthMode {
    private final boolean checksOff;

    AuthMode(AuthConfig config) {
        this.checksOff = decide(config);
    }

    static boolean decide(AuthConfig config) {
        String mode = config.mode().map(String::trim).orElse("");
        return switch (mode) {
            case "none" -> true;
            case "required" -> false;
            case "" -> config.demo();
            default -> throw new IllegalStateException("GATEWAY_AUTH=" + mode + " is not known: use 'required' (the default) or 'none'");
        };
    }

    /** GATEWAY_AUTH=none (or demo mode without GATEWAY_AUTH): everyone may do everything. */
    public boolean checksOff() {
        return checksOff;
    }
}
