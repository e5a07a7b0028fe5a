package id.dicomgateway.relay;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.dicom.DicomException;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.TagEditor;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dimse.StoreRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The edit step shared by every pipeline: request values to {@link TagEdits}, a scanned file to an edited copy. */
public final class Editor {
    private Editor() {
    }

    /**
     * PatientID and AccessionNumber as a caller sent them: absent or empty means "leave as is" (the old
     * web page sent empty fields); anything else must fit its VR or the request is a 400.
     */
    public static TagEdits edits(String patientId, String accessionNumber) {
        try {
            return TagEdits.of(blankToNull(patientId), blankToNull(accessionNumber));
        } catch (DicomException e) {
            throw new ApiException(ErrorCode.INVALID_VALUE, e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Sends the file as it is when there is nothing to edit; otherwise writes an edited copy and drops the original. */
    static StoreRequest apply(Workspace ws, Path file, InstanceHeader scanned, TagEdits edits) throws IOException {
        if (edits.isEmpty()) {
            return new StoreRequest(file, scanned);
        }
        Path edited = ws.newFile("edited");
        InstanceHeader header;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 64 * 1024); OutputStream out = ws.create(edited)) {
            header = TagEditor.edit(in, out, edits);
        }
        Files.delete(file); // keeps the request within its temp-space limit on big studies
        return new StoreRequest(edited, header);
    }
}
