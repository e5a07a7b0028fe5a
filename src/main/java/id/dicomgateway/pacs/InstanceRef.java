package id.dicomgateway.pacs;

/** One instance of a study as the PACS's metadata lists it: enough to fetch it by WADO-URI. */
public record InstanceRef(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, String sopClassUid) {
}
