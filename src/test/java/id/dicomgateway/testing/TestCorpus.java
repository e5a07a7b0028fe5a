package id.dicomgateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared DICOM corpus beside the clone (../shared/dicom-corpus, or -Dcorpus.dir; see its README.md and
 * MANIFEST.tsv). Plain files, no peer: unit tests and ITs read it through here.
 */
public final class TestCorpus {

    private TestCorpus() {
    }

    /** The Study Instance UID of the corpus's study-mr3 (11 MR instances). */
    public static final String STUDY_MR3 = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1";

    public static Path dir() {
        return Path.of(System.getProperty("corpus.dir", "../shared/dicom-corpus"));
    }

    /** The rows of MANIFEST.tsv (file, transfer syntax, ..., expect), header and blank lines left out. */
    public static List<String[]> manifest() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("MANIFEST.tsv"))) {
            String[] cols = line.split("\t", -1);
            if (cols[0].equals("file") || line.isBlank()) {
                continue;
            }
            rows.add(cols);
        }
        return rows;
    }
}
