package id.dicomgateway.orders;

import id.dicomgateway.satusehat.AccessionNumber;
import id.dicomgateway.satusehat.Patient;
import id.dicomgateway.satusehat.SatusehatClient;
import id.dicomgateway.satusehat.SatusehatException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/** {@link OrderLookups} through the gateway's SATUSEHAT client: its token, its timeouts, its metrics. */
@Singleton
public class SatusehatOrderLookups implements OrderLookups {
    @Inject
    SatusehatClient satusehat;
    private final Clock clock = Clock.systemUTC();

    @Override
    public boolean configured() {
        return satusehat.configured();
    }

    @Override
    public Uni<ServiceRequestCheck> serviceRequest(String accessionNumber) {
        return Uni.createFrom().deferred(() -> satusehat.serviceRequest(new AccessionNumber(accessionNumber)))
                .map(found -> found.map(sr -> ServiceRequestCheck.found(sr.id(), clock.instant(), "asked for the order"))
                        .orElseGet(() -> ServiceRequestCheck.notFound(clock.instant(), "asked for the order")))
                .onFailure().recoverWithItem(e -> ServiceRequestCheck.unknown(clock.instant(), "SATUSEHAT could not be asked: "
                        + (e instanceof SatusehatException s ? s.getMessage() : e.getClass().getSimpleName())));
    }

    @Override
    public Uni<Optional<PatientFacts>> patient(String id) {
        return satusehat.patient(id)
                .map(found -> found.map(SatusehatOrderLookups::facts))
                .onFailure().transform(e -> OrderException.satusehat("SATUSEHAT could not be asked for Patient/" + id + ": "
                        + (e instanceof SatusehatException s ? s.getMessage() : e.getClass().getSimpleName())));
    }

    private static PatientFacts facts(Patient p) {
        return new PatientFacts(p.displayName(), p.birthDate(), p.gender());
    }
}
