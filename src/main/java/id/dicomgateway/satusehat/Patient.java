package id.dicomgateway.satusehat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The SATUSEHAT Patient a ServiceRequest's {@code subject} names, reduced to what an order needs. SATUSEHAT gives the
 * name as {@code name[].text}, one string; {@code family}/{@code given} are read too, for other FHIR servers.
 * {@link #toString()} leaves the person out: records are logged.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Patient(String id, List<HumanName> name, String gender, String birthDate) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HumanName(String use, String text, String family, List<String> given) {
        @Override
        public String toString() {
            return "HumanName[use=" + use + "]";
        }
    }

    /** The name to use: the official one if marked, else the first; its text, else given names then family. Null when none. */
    public String displayName() {
        if (name == null || name.isEmpty()) {
            return null;
        }
        HumanName n = name.stream().filter(h -> h != null && "official".equals(h.use())).findFirst()
                .orElse(name.stream().filter(h -> h != null).findFirst().orElse(null));
        if (n == null) {
            return null;
        }
        if (n.text() != null && !n.text().isBlank()) {
            return n.text().strip();
        }
        StringBuilder s = new StringBuilder();
        if (n.given() != null) {
            n.given().stream().filter(g -> g != null && !g.isBlank()).forEach(g -> s.append(g.strip()).append(' '));
        }
        if (n.family() != null) {
            s.append(n.family().strip());
        }
        String out = s.toString().strip();
        return out.isEmpty() ? null : out;
    }

    @Override
    public String toString() {
        return "Patient[id=" + id + "]";
    }
}
