package id.dicomgateway.dicom;

/**
 * What the network and the relay need to know about one instance, read from a file.
 *
 * @param datasetOffset byte offset where the dataset starts (after preamble and File Meta);
 *                      0 for a bare dataset
 */
public record InstanceHeader(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                             String studyInstanceUid, String seriesInstanceUid,
                             boolean hasFileMeta, long datasetOffset) {

    public TransferSyntax transferSyntax() {
        return TransferSyntax.of(transferSyntaxUid);
    }
}
