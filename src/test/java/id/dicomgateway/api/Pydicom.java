package id.dicomgateway.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** pydicom (Debian's python3-pydicom) as an independent reader of what the gateway wrote or sent. */
final class Pydicom {
    private Pydicom() {
    }

    /** Reads every file in {@code dir} fully; returns their StudyInstanceUIDs; fails if any is unreadable. */
    static List<String> studyUids(Path dir) throws IOException, InterruptedException {
        return run(dir, "StudyInstanceUID");
    }

    /** For every file in {@code dir} (sorted by name): "PatientID|AccessionNumber". */
    static List<String> idsAndAccessions(Path dir) throws IOException, InterruptedException {
        return run(dir, "ids");
    }

    private static List<String> run(Path dir, String what) throws IOException, InterruptedException {
        String script = """
                import glob, os, sys, pydicom
                for f in sorted(p for p in glob.glob(os.path.join(sys.argv[1], '*')) if os.path.isfile(p)):
                    ds = pydicom.dcmread(f)
                    for e in ds.iterall():
                        e.value  # touch every element: a broken file fails here
                    if sys.argv[2] == 'ids':
                        print('%s|%s' % (ds.get('PatientID', ''), ds.get('AccessionNumber', '')))
                    else:
                        print(ds.StudyInstanceUID)
                """;
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, dir.toString(), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("pydicom could not read the files in " + dir + ":\n" + out);
        }
        return out.lines().toList();
    }
}
