package id.dicomgateway.satusehat;

import java.nio.charset.StandardCharsets;

/**
 * The FHIR token {@code http://sys-ids.kemkes.go.id/acsn/{orgId}|{acsn}} that finds the
 * ServiceRequest and the ImagingStudy of an Accession Number (docs/architecture.md §6).
 */
public record AcsnIdentifier(String orgId, AccessionNumber acsn) {

    static final String SYSTEM_PREFIX = "http://sys-ids.kemkes.go.id/acsn/";

    public String system() {
        return SYSTEM_PREFIX + orgId;
    }

    /**
     * Percent-encoded for a query string. The {@code |} between system and value is sent as
     * {@code %7C}; the org id and the ACSN are encoded strictly (all but RFC 3986 unreserved
     * characters), because an ACSN may hold {@code &}, {@code +}, {@code #} or spaces that would
     * otherwise change the query. {@code :} and {@code /} of the fixed prefix are legal in a
     * query (RFC 3986 §3.4) and stay as they are.
     */
    public String queryValue() {
        return SYSTEM_PREFIX + percentEncode(orgId) + "%7C" + percentEncode(acsn.value());
    }

    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
