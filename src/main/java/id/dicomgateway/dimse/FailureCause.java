package id.dicomgateway.dimse;

/** Why something did not get stored, named so the API can map it to error codes. */
public enum FailureCause {
    /** TCP connection to the peer could not be made (refused, unreachable, connect timeout). */
    CONNECT_FAILED,
    /** The peer answered A-ASSOCIATE-RJ (PS3.8 9.3.4). */
    ASSOCIATION_REJECTED,
    /** The peer sent A-ABORT (PS3.8 9.3.8), or we aborted after a local failure mid-message. */
    ASSOCIATION_ABORTED,
    /** The transport closed without A-RELEASE or A-ABORT. */
    CONNECTION_LOST,
    /** The peer did not answer in time (association accept, DIMSE response, release, or reading our data). */
    TIMEOUT,
    /** No accepted presentation context can carry the instance's SOP class in a syntax we can send. */
    NO_PRESENTATION_CONTEXT,
    /** The peer answered the DIMSE request with a failure status (PS3.7 C). */
    STATUS_FAILURE,
    /** The local file could not be read or converted. */
    READ_ERROR,
    /** The peer sent something PS3.8 or PS3.7 does not allow. */
    PROTOCOL_ERROR
}
