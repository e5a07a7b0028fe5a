package id.dicomgateway.dimse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a DCMTK command line tool (storescu, echoscu) to completion, output captured. */
record DcmtkTool(int exitCode, String output) {

    static DcmtkTool run(List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Without it DCMTK waits on Nagle's algorithm (see testing/StoreScpProcess).
        builder.environment().put("TCP_NODELAY", "1");
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish in 120 s");
        }
        return new DcmtkTool(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1));
    }
}
