package id.dicomgateway.api;

import java.io.IOException;
import java.nio.file.Path;

/** DCMTK's dcmdump as a second independent reader. */
final class Dcmdump {
    private Dcmdump() {
    }

    static boolean readable(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dcmdump", "-q", file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
    }
}
