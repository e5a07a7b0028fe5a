package id.dicomgateway.relay.router;

import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.Failures;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.satusehat.AccessionNumber;
import id.dicomgateway.satusehat.SatusehatClient;
import id.dicomgateway.satusehat.SatusehatException;
import id.dicomgateway.satusehat.ServiceRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The last look before a study goes to the router. The router answers every C-STORE with
 * success and only later, on association release, finds out that it cannot use the study: no
 * Accession Number, no Patient ID, or no ServiceRequest in SATUSEHAT for the Accession Number
 * (docs/architecture.md §5). Then the study is silently dropped; this class refuses it up front instead.
 *
 * <p>Empty values are always refused ({@link FailureCode#ROUTER_WOULD_DROP}): sending them cannot
 * succeed. A missing ServiceRequest is refused ({@link FailureCode#NO_SERVICE_REQUEST}) unless the
 * caller forces, because the order may be registered in SATUSEHAT a little later than the images
 * are sent, and the router looks it up only on release. When SATUSEHAT cannot be asked
 * (unreachable, credentials refused) the study is refused with the client's own code unless
 * forced: sending blind is exactly what this check exists to prevent, and force is one field away.
 */
@Singleton
public class SendGuard {
    /** The job check this class records. */
    public static final String CHECK = "satusehat.serviceRequest";

    private static final Logger LOG = Logger.getLogger(SendGuard.class);

    /**
     * SATUSEHAT patient ids (the IHS number) are "P" and eleven digits. A study PatientID of that
     * shape can be compared with the ServiceRequest's patient; a hospital's own MRN cannot.
     */
    private static final Pattern SATUSEHAT_PATIENT_ID = Pattern.compile("P\\d{11}");

    @Inject
    SatusehatClient satusehat;
    @Inject
    JobRegistry jobs;
    @Inject
    MeterRegistry registry;

    /**
     * Refuses, with {@link FailureCode#ROUTER_WOULD_DROP}, a study whose Accession Number or
     * Patient ID (as they will be after editing) is empty. No SATUSEHAT call; usable before
     * anything is fetched when both values are known from the request.
     */
    public void requireRoutable(String accessionNumber, String patientId) {
        if (blank(accessionNumber)) {
            throw new RelayException(FailureCode.ROUTER_WOULD_DROP,
                    "The study would reach the router without an Accession Number (0008,0050). The router would accept "
                            + "the files and then drop the study, because it files each study under the SATUSEHAT "
                            + "ServiceRequest of its Accession Number. Give one ('acc' for process and upload) or set it in the "
                            + "PACS; nothing was sent");
        }
        if (blank(patientId)) {
            throw new RelayException(FailureCode.ROUTER_WOULD_DROP,
                    "The study would reach the router without a Patient ID (0010,0020). The router would accept the "
                            + "files and then drop the study, because it cannot build an ImagingStudy without a patient. Give one "
                            + "('patientid' for process and upload) or set it in the PACS; nothing was sent");
        }
    }

    /**
     * Everything the router needs, checked before sending: both values present
     * ({@link #requireRoutable}), then, when SATUSEHAT is configured, a ServiceRequest for the
     * Accession Number. Records the result as job check {@value #CHECK} when {@code jobId} is not
     * null. Fails with {@link RelayException} (ROUTER_WOULD_DROP or NO_SERVICE_REQUEST,
     * SATUSEHAT_AUTH_FAILED or SATUSEHAT_UNAVAILABLE); {@code force} turns the last three into a
     * clearance marked forced.
     */
    public Uni<Clearance> clear(String jobId, String accessionNumber, String patientId, boolean force) {
        return Uni.createFrom().deferred(() -> {
            try {
                requireRoutable(accessionNumber, patientId);
            } catch (RelayException e) {
                count("refused");
                return Uni.createFrom().failure(e);
            }
            if (!satusehat.configured()) {
                count("skipped");
                return Uni.createFrom().item(record(jobId, CheckStatus.SKIPPED,
                        new Clearance(null, null, false, false,
                                "not checked: SATUSEHAT is not configured on this gateway")));
            }
            AccessionNumber acsn;
            try {
                acsn = new AccessionNumber(accessionNumber);
            } catch (SatusehatException e) {
                return Uni.createFrom().failure(Failures.of(e));
            }
            check(jobId, CheckStatus.PENDING, "looking up the ServiceRequest for Accession Number " + acsn);
            return satusehat.serviceRequest(acsn)
                    .onItemOrFailure().transformToUni((found, failure) -> failure == null
                            ? decide(jobId, acsn, patientId.strip(), found, force)
                            : unchecked(jobId, acsn, failure, force));
        });
    }

    private Uni<Clearance> decide(String jobId, AccessionNumber acsn, String patientId, Optional<ServiceRequest> found,
            boolean force) {
        if (found.isEmpty()) {
            String why = NO_SERVICE_REQUEST + acsn
                    + ": the router would accept the files and then drop the study";
            if (!force) {
                count("refused");
                check(jobId, CheckStatus.FAILED, why);
                return Uni.createFrom().failure(new RelayException(FailureCode.NO_SERVICE_REQUEST,
                        why + ". Register the order in SATUSEHAT or correct 'acc'; send with force to send anyway. Nothing was sent"));
            }
            count("forced");
            LOG.infof("No ServiceRequest for ACSN %s; sending anyway (force)", acsn);
            return Uni.createFrom().item(record(jobId, CheckStatus.FAILED,
                    new Clearance(null, null, false, true, why + "; sent anyway (force)")));
        }
        ServiceRequest order = found.get();
        String patient = order.patientReference();
        boolean mismatch = mismatch(patientId, patient);
        StringBuilder detail = new StringBuilder(patient == null ? "no patient" : patient)
                .append(" (ServiceRequest/").append(order.id()).append(')');
        if (mismatch) {
            detail.append("; the study's PatientID ").append(patientId)
                    .append(" is another SATUSEHAT patient: the router files the study under ").append(patient);
        }
        count("passed");
        return Uni.createFrom().item(record(jobId, mismatch ? CheckStatus.FAILED : CheckStatus.PASSED,
                new Clearance(order.id(), patient, mismatch, false, detail.toString())));
    }

    private Uni<Clearance> unchecked(String jobId, AccessionNumber acsn, Throwable failure, boolean force) {
        RelayException error = Failures.translate(failure) instanceof RelayException known ? known
                : new RelayException(FailureCode.SATUSEHAT_UNAVAILABLE, "SATUSEHAT could not be asked", failure);
        String why = "the ServiceRequest for Accession Number " + acsn + " could not be looked up: " + error.getMessage();
        if (!force) {
            count("refused");
            check(jobId, CheckStatus.FAILED, why);
            return Uni.createFrom().failure(new RelayException(error.code(),
                    "Not sent: " + why + ". Send with force to send without the check"));
        }
        count("forced");
        return Uni.createFrom().item(record(jobId, CheckStatus.SKIPPED,
                new Clearance(null, null, false, true, "not checked: " + why + "; sent anyway (force)")));
    }

    private static final String NO_SERVICE_REQUEST = "SATUSEHAT has no ServiceRequest for Accession Number ";
    private static final Pattern FOUND_ID = Pattern.compile("\\(ServiceRequest/([A-Za-z0-9.-]{1,64})\\)");

    /** What a check of this class recorded on a job says of the ServiceRequest, for those who read the job (an order's record). */
    public enum Finding {
        FOUND,
        NOT_FOUND,
        /** Not configured, SATUSEHAT could not be asked, or sent forced without asking. */
        NOT_ASKED
    }

    /** The finding of check {@value #CHECK} with this status and detail; empty while it is still looking. */
    public static Optional<Finding> finding(CheckStatus status, String detail) {
        if (status == null || status == CheckStatus.PENDING) {
            return Optional.empty();
        }
        if (serviceRequestId(detail).isPresent()) {
            return Optional.of(Finding.FOUND);
        }
        return Optional.of(detail != null && detail.startsWith(NO_SERVICE_REQUEST) ? Finding.NOT_FOUND : Finding.NOT_ASKED);
    }

    /** The id of the ServiceRequest a check of this class found, from its detail. */
    public static Optional<String> serviceRequestId(String detail) {
        java.util.regex.Matcher m = detail == null ? null : FOUND_ID.matcher(detail);
        return m != null && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Only a PatientID that is itself a SATUSEHAT patient id can be told apart from the order's patient. */
    static boolean mismatch(String patientId, String patientReference) {
        if (patientReference == null || !SATUSEHAT_PATIENT_ID.matcher(patientId).matches()) {
            return false;
        }
        return !patientReference.equals("Patient/" + patientId);
    }

    private Clearance record(String jobId, CheckStatus status, Clearance clearance) {
        check(jobId, status, clearance.detail());
        return clearance;
    }

    private void check(String jobId, CheckStatus status, String detail) {
        if (jobId != null) {
            jobs.check(jobId, CHECK, status, detail);
        }
    }

    private void count(String outcome) {
        Counter.builder("gateway.send.checks").description("Checks before sending, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
