package id.dicomgateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a configured credential list ({@code GATEWAY_API_KEYS}, {@code GATEWAY_USERS}):
 * comma-separated, blanks around and empty entries ignored. The position counts every entry, empty
 * ones too, so that an error names the entry as the operator counts them (never its value).
 *
 * @param position 1 for the first entry
 * @param text     the entry, trimmed, never empty
 */
record CredentialEntry(int position, String text) {

    static List<CredentialEntry> split(Optional<String> configured) {
        List<CredentialEntry> out = new ArrayList<>();
        String text = configured.orElse("").trim();
        if (text.isEmpty()) {
            return out;
        }
        String[] items = text.split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            if (!item.isEmpty()) {
                out.add(new CredentialEntry(i + 1, item));
            }
        }
        return out;
    }
}
