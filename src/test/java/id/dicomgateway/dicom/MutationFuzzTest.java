package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import id.dicomgateway.testing.TestCorpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A deterministic, seeded mutation fuzzer over the corpus (and generated files): every mutant
 * goes through scan, edit and transcode, and may only end normally or in a DicomException;
 * anything else (another exception, an error, a hang) fails with the seed and iteration that
 * reproduce it, and the input is saved under target/fuzz-failures.
 *
 * <p>Budget: {@code -Dfuzz.iterations=N} (default 6000, a few seconds) and {@code -Dfuzz.seed=S}.
 * Longer run: {@code ./mvnw -B test -Dtest=MutationFuzzTest -Dfuzz.iterations=1000000}.
 * Coverage-guided fuzzing of the same entry points: {@link DicomFuzzTest} (Jazzer).
 */
class MutationFuzzTest {

    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 6000);
    static final long SEED = Long.getLong("fuzz.seed", 20261127L);
    private static final long[] INTERESTING = {0, 1, 2, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000,
        0x7FFFFFFFL, 0x80000000L, 0xFFFFFFF0L, 0xFFFFFFFEL, 0xFFFFFFFFL, 64L * 1024 * 1024 + 2};

    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestCorpus.dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                if (Files.size(f) <= 64 * 1024) { // small ones: more mutants per second
                    seeds.add(Files.readAllBytes(f));
                }
            }
        }
        seeds.add(RichDataset.build(DatasetBuilder.explicitLe(), true)
                .part10("1.2.3", "1.2.3.4", Uids.EXPLICIT_VR_LITTLE_ENDIAN));
        seeds.add(RichDataset.build(DatasetBuilder.implicitLe(), true).bytes());
        seeds.add(RichDataset.build(new DatasetBuilder(true, true), false)
                .part10("1.2.3", "1.2.3.4", Uids.EXPLICIT_VR_BIG_ENDIAN));
        return seeds;
    }

    static byte[] mutate(byte[] base, Random r) {
        byte[] b = base.clone();
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops && b.length > 0; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(8)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> { // a length-like value, little or big endian
                    long v = INTERESTING[r.nextInt(INTERESTING.length)];
                    boolean big = r.nextBoolean();
                    int width = r.nextBoolean() ? 4 : 2;
                    for (int i = 0; i < width && at + i < b.length; i++) {
                        int shift = big ? 8 * (width - 1 - i) : 8 * i;
                        b[at + i] = (byte) (v >>> shift);
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 4 -> { // delete a range
                    int n = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                }
                case 5 -> { // insert random bytes
                    int n = 1 + r.nextInt(8);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int i = 0; i < n; i++) {
                        c[at + i] = (byte) r.nextInt(256);
                    }
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
                case 6 -> { // an item or delimiter tag where something else was
                    int[] tags = {Tag.ITEM, Tag.ITEM_DELIMITATION_ITEM, Tag.SEQUENCE_DELIMITATION_ITEM, Tag.PIXEL_DATA};
                    int t = tags[r.nextInt(tags.length)];
                    byte[] le = {(byte) (t >>> 16), (byte) (t >>> 24), (byte) t, (byte) (t >>> 8)};
                    System.arraycopy(le, 0, b, at, Math.min(4, b.length - at));
                }
                default -> { // a VR where one may be
                    Vr vr = Vr.values()[r.nextInt(Vr.values().length)];
                    b[at] = (byte) vr.name().charAt(0);
                    if (at + 1 < b.length) {
                        b[at + 1] = (byte) vr.name().charAt(1);
                    }
                }
            }
        }
        return b;
    }

    /** What every entry point must survive; returns normally or throws DicomException. */
    static void exercise(byte[] input) throws IOException {
        InstanceHeader header = null;
        try {
            header = DicomFiles.scan(new ByteArrayInputStream(input));
        } catch (DicomException expected) {
            // fine: typed rejection
        }
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        try {
            InstanceHeader out = TagEditor.edit(new ByteArrayInputStream(input), edited, TagEdits.of("FUZZ", "FUZZ"));
            // What the editor writes must itself be whole and say the same instance.
            InstanceHeader again = DicomFiles.scan(new ByteArrayInputStream(edited.toByteArray()));
            assertThat(again.sopInstanceUid()).isEqualTo(out.sopInstanceUid());
            assertThat(header).as("edit accepted what scan rejected").isNotNull();
        } catch (DicomException expected) {
            // fine
        }
        if (header != null && header.transferSyntax().isUncompressed()) {
            for (TransferSyntax to : List.of(TransferSyntax.EXPLICIT_VR_LE, TransferSyntax.IMPLICIT_VR_LE)) {
                ByteArrayInputStream dataset = new ByteArrayInputStream(input);
                dataset.skipNBytes(header.datasetOffset());
                try {
                    Transcoder.convertDataset(dataset, header.transferSyntax(), to, OutputStream.nullOutputStream());
                } catch (DicomException expected) {
                    // fine: e.g. a VR that cannot be said in the target
                }
            }
        }
    }

    @Test
    void mutantsEndNormallyOrInADicomException() throws Exception {
        List<byte[]> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThan(20);
        Random r = new Random(SEED);
        long budgetSeconds = Math.max(60, ITERATIONS / 50);
        assertTimeoutPreemptively(Duration.ofSeconds(budgetSeconds), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] mutant = mutate(seeds.get(r.nextInt(seeds.size())), r);
                try {
                    exercise(mutant);
                } catch (Throwable t) {
                    Path saved = Path.of("target", "fuzz-failures", "seed" + SEED + "-iteration" + i + ".dcm");
                    Files.createDirectories(saved.getParent());
                    Files.write(saved, mutant);
                    throw new AssertionError("fuzz.seed=" + SEED + " iteration " + i + " (input saved to " + saved
                            + "): " + t, t);
                }
            }
        });
    }
}
