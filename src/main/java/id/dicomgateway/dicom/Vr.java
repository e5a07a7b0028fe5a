package id.dicomgateway.dicom;

/** Value Representations (PS3.5 §6.2, Table 6.2-1). */
public enum Vr {
    AE(0), AS(0), AT(2), CS(0), DA(0), DS(0), DT(0), FD(8), FL(4), IS(0), LO(0), LT(0),
    OB(0), OD(8), OF(4), OL(4), OV(8), OW(2), PN(0), SH(0), SL(4), SQ(0), SS(2), ST(0),
    SV(8), TM(0), UC(0), UI(0), UL(4), UN(0), UR(0), US(2), UT(0), UV(8);

    private final int wordSize;

    Vr(int wordSize) {
        this.wordSize = wordSize;
    }

    /**
     * Size of the unit whose bytes change order between little and big endian (PS3.5 §7.3);
     * 0 for byte strings. AT is a pair of 16-bit numbers, so it swaps in units of 2.
     */
    public int wordSize() {
        return wordSize;
    }

    /**
     * Explicit VR elements of these VRs have 2 reserved bytes and a 32-bit length, the others a
     * 16-bit length (PS3.5 §7.1.2, Table 7.1-1).
     */
    public boolean hasLongLength() {
        switch (this) {
            case OB: case OD: case OF: case OL: case OV: case OW: case SQ:
            case SV: case UC: case UN: case UR: case UT: case UV:
                return true;
            default:
                return false;
        }
    }

    /** The VR for the two bytes of an explicit VR header, or null if they name none. */
    public static Vr of(int b0, int b1) {
        if (b0 < 'A' || b0 > 'Z' || b1 < 'A' || b1 > 'Z') {
            return null;
        }
        return BY_CODE[(b0 - 'A') * 26 + (b1 - 'A')];
    }

    private static final Vr[] BY_CODE = new Vr[26 * 26];

    static {
        for (Vr vr : values()) {
            String n = vr.name();
            BY_CODE[(n.charAt(0) - 'A') * 26 + (n.charAt(1) - 'A')] = vr;
        }
    }
}
