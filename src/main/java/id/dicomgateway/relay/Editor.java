package id.dicomgateway.relay;

import id.dicomgateway.dicom.DicomException;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.Splice;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.dicom.TagEditor;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.relay.files.Workspace;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RelayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The edit step shared by every pipeline: request values to {@link TagEdits}, a scanned file to what is sent. */
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
            throw new RelayException(FailureCode.INVALID_VALUE, e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * AccessionNumber and PatientID (keys {@link Tag}) that {@code request} carries once sent, without
     * padding: an edited value as edited, else the file's own. A splice's file is the unedited
     * original, so its values are read there and the edits laid over them.
     */
    static Map<Integer, String> valuesAfter(StoreRequest request, TagEdits edits) throws IOException {
        return valuesAfter(request, edits, Tag.ACCESSION_NUMBER, Tag.PATIENT_ID);
    }

    /** The same, for {@code tags} (AccessionNumber and PatientID among them take the edits; others are the file's own). */
    static Map<Integer, String> valuesAfter(StoreRequest request, TagEdits edits, int... tags) throws IOException {
        Map<Integer, String> values = new HashMap<>(DicomFiles.topLevelText(request.file(), tags));
        if (edits.accessionNumber() != null) {
            values.put(Tag.ACCESSION_NUMBER, edits.accessionNumber().strip());
        }
        if (edits.patientId() != null) {
            values.put(Tag.PATIENT_ID, edits.patientId().strip());
        }
        return values;
    }

    /**
     * Sends the file as it is when there is nothing to edit. Otherwise the edit is a splice: the new
     * head in memory and the rest sent from the original file, so no edited copy is written. Where
     * a splice cannot be made (deflated data: the tail is one deflate stream) an edited copy is
     * written and the original dropped.
     */
    static StoreRequest apply(Workspace ws, Path file, InstanceHeader scanned, TagEdits edits) throws IOException {
        if (edits.isEmpty()) {
            return new StoreRequest(file, scanned);
        }
        Optional<Splice> splice = TagEditor.splice(file, edits);
        if (splice.isPresent()) {
            return StoreRequest.of(splice.get());
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
