package id.dicomgateway.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutants of {@link MutationFuzzTest}, each edited by edit(Path, Path) and by splice(): the
 * two must agree. Either both fail with the same exception (same Reason), or the splice is empty,
 * or it materializes to exactly the bytes edit() wrote.
 *
 * <p>Budget: {@code -Dfuzz.splice.iterations=N} (default 2000: each mutant is two files edited,
 * a few seconds in all) and {@code -Dfuzz.seed=S}.
 */
class SpliceFuzzTest {

    static final int ITERATIONS = Integer.getInteger("fuzz.splice.iterations", 2000);

    @TempDir
    Path dir;

    @Test
    void spliceAgreesWithEditOnMutants() throws Exception {
        List<byte[]> seeds = MutationFuzzTest.seeds();
        Random r = new Random(MutationFuzzTest.SEED);
        TagEdits edits = TagEdits.of("FUZZ", "FUZZ");
        Path in = dir.resolve("mutant.dcm");
        Path edited = dir.resolve("edited.dcm");
        Path spliced = dir.resolve("spliced.dcm");
        int[] outcomes = new int[3]; // rejected, no splice, spliced
        long budgetSeconds = Math.max(60, ITERATIONS / 50);
        assertTimeoutPreemptively(Duration.ofSeconds(budgetSeconds), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] mutant = MutationFuzzTest.mutate(seeds.get(r.nextInt(seeds.size())), r);
                Files.write(in, mutant);
                try {
                    outcomes[agree(in, edited, spliced, edits)]++;
                } catch (Throwable t) {
                    Path saved = Path.of("target", "fuzz-failures", "splice-seed" + MutationFuzzTest.SEED
                            + "-iteration" + i + ".dcm");
                    Files.createDirectories(saved.getParent());
                    Files.write(saved, mutant);
                    throw new AssertionError("fuzz.seed=" + MutationFuzzTest.SEED + " iteration " + i
                            + " (input saved to " + saved + "): " + t, t);
                }
            }
        });
        System.out.printf("splice fuzz: %d rejected, %d no splice, %d spliced%n", outcomes[0], outcomes[1], outcomes[2]);
        // The mutants must reach every outcome, or the agreement proves little.
        assertThat(outcomes).as("rejected, no splice, spliced").doesNotContain(0);
    }

    /** 0: both rejected alike, 1: no splice (edit() succeeded), 2: splice equals edit(). */
    private static int agree(Path in, Path edited, Path spliced, TagEdits edits) throws Exception {
        Exception byEdit = null;
        InstanceHeader header = null;
        try {
            header = TagEditor.edit(in, edited, edits);
        } catch (Exception e) {
            byEdit = e;
        }
        Exception bySplice = null;
        Optional<Splice> splice = Optional.empty();
        try {
            splice = TagEditor.splice(in, edits);
        } catch (Exception e) {
            bySplice = e;
        }
        if (byEdit != null) {
            assertThat(bySplice).as("splice() where edit() threw %s", byEdit).isNotNull()
                    .hasSameClassAs(byEdit);
            if (byEdit instanceof DicomException d) {
                assertThat(((DicomException) bySplice).reason()).as(bySplice.getMessage()).isEqualTo(d.reason());
            }
            return 0;
        }
        assertThat(bySplice).as("splice() threw where edit() did not").isNull();
        if (splice.isEmpty()) {
            return 1;
        }
        Splice s = splice.get();
        assertThat(s.header()).isEqualTo(header);
        s.writeTo(spliced);
        assertThat(Files.mismatch(spliced, edited)).as("splice vs edit()").isEqualTo(-1L);
        return 2;
    }
}
