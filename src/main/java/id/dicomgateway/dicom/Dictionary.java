package id.dicomgateway.dicom;

/** Placeholder until the generated dictionary lands: knows no tag. */
final class Dictionary {
    private Dictionary() {
    }

    static Vr vrOf(int tag) {
        return null;
    }
}
