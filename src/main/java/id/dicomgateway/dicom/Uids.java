package id.dicomgateway.dicom;

/** Well-known UIDs (PS3.6 Annex A) and this implementation's own identity (PS3.7 D.3.3.2). */
public final class Uids {

    private Uids() {
    }

    public static final String VERIFICATION_SOP_CLASS = "1.2.840.10008.1.1";
    /** DICOM Application Context Name (PS3.7 A.2.1). */
    public static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";

    /**
     * Implementation Class UID of this gateway: a UUID-derived UID under root 2.25 (PS3.5 B.2),
     * made once from a random UUID and fixed here.
     */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.160367676278445639055162011452008528937";
    /** Implementation Version Name, at most 16 characters (PS3.7 D.3.3.2.3). */
    public static final String IMPLEMENTATION_VERSION_NAME = "DICOMGW_010";
}
