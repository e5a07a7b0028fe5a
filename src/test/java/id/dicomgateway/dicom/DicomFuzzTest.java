package id.dicomgateway.dicom;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of scan, edit and transcode on mutations of the corpus.
 * Without JAZZER_FUZZ=1 this runs the saved inputs only (regression mode); the surefire
 * execution "fuzz" in pom.xml runs it with JAZZER_FUZZ=1 and a fixed budget.
 * Longer: {@code JAZZER_FUZZ=1 ./mvnw -B test -Dtest=DicomFuzzTest -Djazzer.max_duration=30m}.
 */
class DicomFuzzTest {

    private static List<byte[]> seeds;

    private static List<byte[]> seeds() throws IOException {
        if (seeds == null) {
            seeds = MutationFuzzTest.seeds();
        }
        return seeds;
    }

    @FuzzTest(maxDuration = "15s")
    void corpusMutants(FuzzedDataProvider data) throws IOException {
        List<byte[]> all = seeds();
        byte[] input;
        if (data.consumeBoolean()) {
            input = data.consumeRemainingAsBytes();
        } else {
            byte[] b = all.get(data.consumeInt(0, all.size() - 1)).clone();
            int ops = data.consumeInt(1, 6);
            for (int k = 0; k < ops && b.length > 0; k++) {
                int at = data.consumeInt(0, b.length - 1);
                switch (data.consumeInt(0, 3)) {
                    case 0 -> b[at] = data.consumeByte();
                    case 1 -> {
                        int v = data.consumeInt();
                        for (int i = 0; i < 4 && at + i < b.length; i++) {
                            b[at + i] = (byte) (v >>> (8 * i));
                        }
                    }
                    case 2 -> b = java.util.Arrays.copyOf(b, at);
                    default -> {
                        byte[] ins = data.consumeBytes(16);
                        byte[] c = new byte[b.length + ins.length];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(ins, 0, c, at, ins.length);
                        System.arraycopy(b, at, c, at + ins.length, b.length - at);
                        b = c;
                    }
                }
            }
            input = b;
        }
        MutationFuzzTest.exercise(input);
    }
}
