import id.dicomgateway.dicom.TagEditor;
import id.dicomgateway.dicom.TagEdits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times TagEditor.edit on one file, file to file like dcmodify does, in a warm JVM:
 * warm-up runs first, then N timed runs of each API (Path to Path, and streams);
 * prints mean and best time per file in ms.
 * Run by run.sh: java -cp target/classes bench/dicom-edit/EditBench.java FILE OUTDIR N
 */
public class EditBench {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int warmup = Math.max(5, n / 2);
        TagEdits edits = TagEdits.of("BENCHPID", "BENCHACSN");
        for (int i = 0; i < warmup; i++) {
            once(in, outDir.resolve("warm.dcm"), edits);
        }
        for (int i = 0; i < warmup; i++) {
            viaPath(in, outDir.resolve("warm.dcm"), edits);
        }
        long total = 0;
        long best = Long.MAX_VALUE;
        long totalSink = 0;
        long bestSink = Long.MAX_VALUE;
        long totalStream = 0;
        long bestStream = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long t = viaPath(in, outDir.resolve("out-" + i + ".dcm"), edits);
            total += t;
            best = Math.min(best, t);
            t = toSink(in, edits);
            totalSink += t;
            bestSink = Math.min(bestSink, t);
            t = once(in, outDir.resolve("stream-" + i + ".dcm"), edits);
            totalStream += t;
            bestStream = Math.min(bestStream, t);
        }
        System.out.printf("ours %.3f %.3f %.3f %.3f %.3f %.3f%n", total / 1e6 / n, best / 1e6,
                totalStream / 1e6 / n, bestStream / 1e6, totalSink / 1e6 / n, bestSink / 1e6);
    }

    /** File to a stream that is not a file (what the relay does: the edited bytes go to the network). */
    static long toSink(Path in, TagEdits edits) throws Exception {
        long start = System.nanoTime();
        try (InputStream is = new BufferedInputStream(Files.newInputStream(in), 1 << 16)) {
            TagEditor.edit(is, OutputStream.nullOutputStream(), edits);
        }
        return System.nanoTime() - start;
    }

    /** File to file: TagEditor.edit(Path, Path, …), large values copied by the kernel. */
    static long viaPath(Path in, Path out, TagEdits edits) throws Exception {
        long start = System.nanoTime();
        TagEditor.edit(in, out, edits);
        return System.nanoTime() - start;
    }

    static long once(Path in, Path out, TagEdits edits) throws Exception {
        long start = System.nanoTime();
        try (InputStream is = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            TagEditor.edit(is, os, edits);
        }
        return System.nanoTime() - start;
    }
}
