package id.dicomgateway.dimse;

import java.nio.file.Path;

/**
 * One instance received by C-STORE and written to {@code file} as a Part 10 file.
 *
 * @param sopClassUid       Affected SOP Class UID of the C-STORE-RQ (PS3.7 9.3.1.1)
 * @param sopInstanceUid    Affected SOP Instance UID of the C-STORE-RQ
 * @param transferSyntaxUid the presentation context's transfer syntax: the data set's encoding
 * @param bytes             bytes of the data set as received (the file adds preamble and File Meta)
 */
public record ReceivedInstance(AssociationInfo association, Path file, String sopClassUid, String sopInstanceUid,
                               String transferSyntaxUid, long bytes) {
}
