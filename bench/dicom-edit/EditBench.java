import id.dicomgateway.dicom.TagEditor;
import id.dicomgateway.dicom.TagEdits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times TagEditor.edit and TagEditor.splice on one file in a warm JVM: warm-up runs first,
 * then N timed runs of each way of calling them. Prints, per way, the median and best time per
 * file in ms: "path MEDIAN BEST streams MEDIAN BEST sink MEDIAN BEST splice MEDIAN BEST".
 * Leaves one materialized splice in OUTDIR/splice-0.dcm (written after the timing) for run.sh to check.
 * Run by run.sh: java -cp target/classes bench/dicom-edit/EditBench.java FILE OUTDIR N
 */
public class EditBench {

    interface Way {
        void run(Path in, Path out) throws Exception;
    }

    /** Sizes of the splices made, so that none is dead code. */
    static long spliced;

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        TagEdits edits = TagEdits.of("BENCHPID", "BENCHACSN");
        // File to file; large values copied by the kernel (FileChannel.transferTo).
        Way path = (i, o) -> TagEditor.edit(i, o, edits);
        // File to file through InputStream/OutputStream.
        Way streams = (i, o) -> {
            try (InputStream is = new BufferedInputStream(Files.newInputStream(i), 1 << 16);
                 OutputStream os = new BufferedOutputStream(Files.newOutputStream(o), 1 << 16)) {
                TagEditor.edit(is, os, edits);
            }
        };
        // File to a stream that is not a file: what the relay does (edited bytes go to the network).
        Way sink = (i, o) -> {
            try (InputStream is = new BufferedInputStream(Files.newInputStream(i), 1 << 16)) {
                TagEditor.edit(is, OutputStream.nullOutputStream(), edits);
            }
        };
        // What the product does before a send: the head in memory, the tail left in the original
        // file for the network layer to send from there (sendfile). Past the head nothing is written:
        // the rest is only walked, values skipped by seeking.
        Way splice = (i, o) -> spliced += TagEditor.splice(i, edits).orElseThrow().size();
        Way[] ways = {path, streams, sink, splice};
        String[] names = {"path", "streams", "sink", "splice"};
        long[][] times = new long[ways.length][n];
        for (int w = 0; w < ways.length; w++) {
            for (int i = 0; i < Math.max(10, n / 2); i++) {
                ways[w].run(in, outDir.resolve("warm-" + names[w] + "-" + i + ".dcm"));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int w = 0; w < ways.length; w++) {
                long start = System.nanoTime();
                ways[w].run(in, outDir.resolve(names[w] + "-" + i + ".dcm"));
                times[w][i] = System.nanoTime() - start;
            }
        }
        TagEditor.splice(in, edits).orElseThrow().writeTo(outDir.resolve("splice-0.dcm"));
        StringBuilder line = new StringBuilder();
        for (int w = 0; w < ways.length; w++) {
            long[] t = times[w].clone();
            Arrays.sort(t);
            line.append(String.format("%s %.3f %.3f ", names[w], t[n / 2] / 1e6, t[0] / 1e6));
        }
        System.out.println(line.toString().trim());
    }
}
