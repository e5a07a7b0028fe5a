package id.dicomgateway.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Re-stamps top-level PatientID and AccessionNumber, copying everything else as bytes. */
public final class TagEditor {

    private TagEditor() {
    }

    /**
     * Reads a Part 10 file or bare dataset from {@code in} and writes a Part 10 file to {@code out}
     * with the edits applied to top-level elements only; returns the header of the output.
     */
    public static InstanceHeader edit(InputStream in, OutputStream out, TagEdits edits) throws IOException {
        throw new UnsupportedOperationException("TagEditor.edit: in progress on branch dicom");
    }
}
