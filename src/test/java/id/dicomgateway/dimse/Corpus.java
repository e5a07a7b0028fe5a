package id.dicomgateway.dimse;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.testing.TestCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shared DICOM corpus (../shared/dicom-corpus, see its README.md and MANIFEST.tsv). */
final class Corpus {

    private Corpus() {
    }

    static Path dir() {
        return TestCorpus.dir();
    }

    static List<StoreRequest> studyMr3() throws IOException {
        try (Stream<Path> files = Files.list(dir().resolve("study-mr3"))) {
            List<StoreRequest> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                out.add(request(f));
            }
            return out;
        }
    }

    static StoreRequest file(String name) throws IOException {
        return request(dir().resolve("files").resolve(name));
    }

    static StoreRequest request(Path file) throws IOException {
        return new StoreRequest(file, DicomFiles.scan(file));
    }

    /** MANIFEST rows with expect=edit under files/. */
    static List<String> editFiles() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length > 3 && f[0].startsWith("files/") && f[3].equals("edit")) {
                out.add(f[0].substring("files/".length()));
            }
        }
        return out;
    }
}
