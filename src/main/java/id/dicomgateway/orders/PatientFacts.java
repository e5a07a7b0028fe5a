package id.dicomgateway.orders;

/**
 * What SATUSEHAT's Patient says of the person a ServiceRequest names only by reference: the name as one string, the
 * birth date and the gender as FHIR gives them (checked when they fill an order). {@link #toString()} leaves the person out.
 */
public record PatientFacts(String name, String birthDate, String gender) {
    @Override
    public String toString() {
        return "PatientFacts[name=" + (name == null ? "none" : "<hidden>") + ", birthDate=" + (birthDate == null ? "none" : "<hidden>")
                + ", gender=" + gender + "]";
    }
}
