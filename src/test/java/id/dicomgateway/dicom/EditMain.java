package id.dicomgateway.dicom;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Edits one file in a JVM of its own, so a test can give it a small heap: IN OUT PATIENT_ID ACCESSION_NUMBER. */
public final class EditMain {

    private EditMain() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])));
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            TagEditor.edit(in, out, TagEdits.of(args[2], args[3]));
        }
        InstanceHeader h = DicomFiles.scan(Path.of(args[1]));
        Runtime rt = Runtime.getRuntime();
        System.out.printf("edited in %d ms, max heap %d MiB, used %d MiB, output %s%n",
                (System.nanoTime() - start) / 1_000_000, rt.maxMemory() >> 20,
                (rt.totalMemory() - rt.freeMemory()) >> 20, h.sopInstanceUid());
    }
}
