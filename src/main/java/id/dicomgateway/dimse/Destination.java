package id.dicomgateway.dimse;

import id.dicomgateway.dicom.Printable;
import java.util.Objects;

/**
 * Where to send: the router, or any Storage SCP.
 *
 * <p>AE titles are 1..16 characters of the default character repertoire without backslash or
 * control characters, and are not all spaces (PS3.5 table 6.2-1, AE).
 */
public record Destination(String host, int port, String calledAeTitle, String callingAeTitle) {

    public Destination {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        checkAeTitle(calledAeTitle, "calledAeTitle");
        checkAeTitle(callingAeTitle, "callingAeTitle");
    }

    private static void checkAeTitle(String aeTitle, String name) {
        Objects.requireNonNull(aeTitle, name);
        if (aeTitle.isBlank() || aeTitle.length() > 16) {
            throw new IllegalArgumentException(name + " must have 1..16 significant characters");
        }
        for (int i = 0; i < aeTitle.length(); i++) {
            char c = aeTitle.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                throw new IllegalArgumentException(name + " has a character not allowed in an AE title");
            }
        }
    }

    /** Key for per-destination limits: one remote application entity. */
    String key() {
        return host + ':' + port + '/' + calledAeTitle.strip();
    }

    @Override
    public String toString() {
        return Printable.escape(calledAeTitle.strip()) + '@' + host + ':' + port;
    }
}
