package id.dicomgateway.orders;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** What the orders ask SATUSEHAT (issue 24): an interface, so the use case is tested without a SATUSEHAT. */
public interface OrderLookups {

    /** No SATUSEHAT: nothing is asked. */
    OrderLookups NONE = new OrderLookups() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public Uni<ServiceRequestCheck> serviceRequest(String accessionNumber) {
            return Uni.createFrom().item(ServiceRequestCheck.NOT_CHECKED);
        }

        @Override
        public Uni<Optional<PatientFacts>> patient(String id) {
            return Uni.createFrom().item(Optional.empty());
        }
    };

    /** Whether SATUSEHAT is configured; when not, nothing is asked. */
    boolean configured();

    /** Never fails: FOUND with the ServiceRequest's id, NOT_FOUND, or UNKNOWN saying why SATUSEHAT could not be asked. */
    Uni<ServiceRequestCheck> serviceRequest(String accessionNumber);

    /**
     * The Patient of this SATUSEHAT id; empty when SATUSEHAT has none. Fails with an {@link OrderException}
     * ({@link OrderException.Reason#SATUSEHAT_UNAVAILABLE}) when SATUSEHAT could not be asked.
     */
    Uni<Optional<PatientFacts>> patient(String id);
}
