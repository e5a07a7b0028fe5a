package id.dicomgateway.orders;

/**
 * Whether SATUSEHAT has the order's ServiceRequest (issue 24 item 1): the router files a study under the ServiceRequest
 * of its Accession Number and drops it when there is none, so the radiology desk wants to know before the images come.
 */
public enum ServiceRequestStatus {
    /** SATUSEHAT answered with a ServiceRequest for the Accession Number. */
    FOUND,
    /** SATUSEHAT answered: none for the Accession Number (yet; the SIMRS may register it later). */
    NOT_FOUND,
    /** Not asked yet, SATUSEHAT not configured, or it could not be asked (unreachable, credentials refused). */
    UNKNOWN
}
