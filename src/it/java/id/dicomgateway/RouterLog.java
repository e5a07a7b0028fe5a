package id.dicomgateway;

import id.dicomgateway.testing.StoreScpProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * storescp's verbose log read association by association, so that a test counts what reached the
 * router rather than every association the gateway opened: the gateway also probes the router's
 * transfer syntaxes at start (relay/ReceiverSyntaxes: contexts proposed, nothing stored, released),
 * and the SATUSEHAT router does nothing with an association that stored nothing (docs/domain.md §4).
 */
record RouterLog(List<RouterLog.Association> associations) {
    private static final Pattern STORED_FILE = Pattern.compile("storing DICOM file: (\\S+)");
    private static final Pattern DCMDUMP_FILE = Pattern.compile("^# dcmdump \\(\\d+/\\d+\\): (\\S+)");
    private static final Pattern ACCESSION = Pattern.compile("^\\(0008,0050\\) SH (?:\\[([^\\]]*)\\]|\\(no value available\\))");

    /** How an association ended as storescp saw it; OPEN while it has not (yet) ended. */
    enum End {
        RELEASED, ABORTED, OPEN
    }

    /** One association: its C-STOREs in order, the files storescp wrote for them, how it ended. */
    record Association(int stores, List<Path> files, End end) {
    }

    static RouterLog of(StoreScpProcess router) {
        return parse(router.log());
    }

    static RouterLog parse(String log) {
        List<Association> out = new ArrayList<>();
        int stores = 0;
        List<Path> files = null;
        End end = End.OPEN;
        for (String line : log.split("\n")) {
            if (line.startsWith("I: Association Received")) {
                if (files != null) {
                    out.add(new Association(stores, List.copyOf(files), end));
                }
                stores = 0;
                files = new ArrayList<>();
                end = End.OPEN;
            } else if (files == null) {
                continue;
            } else if (line.contains("Received Store Request")) {
                stores++;
            } else if (line.contains("Association Release")) {
                end = End.RELEASED;
            } else if (line.contains("Association Aborted") || line.contains("aborting association")) {
                end = End.ABORTED;
            } else {
                Matcher m = STORED_FILE.matcher(line);
                if (m.find()) {
                    files.add(Path.of(m.group(1)));
                }
            }
        }
        if (files != null) {
            out.add(new Association(stores, List.copyOf(files), end));
        }
        return new RouterLog(List.copyOf(out));
    }

    /** The associations that stored at least one instance (the probes store none). */
    List<Association> storing() {
        return associations.stream().filter(a -> a.stores() > 0).toList();
    }

    /** The storing associations that ended as {@code end}. */
    List<Association> storing(End end) {
        return storing().stream().filter(a -> a.end() == end).toList();
    }

    /**
     * The Accession Number of every file of the association, read by DCMTK's dcmdump (a reader
     * independent of the gateway). Needs storescp's {@code +uf}: with its default names (the SOP
     * Instance UID) a later association of the same study overwrites the files of an earlier one.
     */
    static List<String> accessions(Association association) throws IOException, InterruptedException {
        if (association.files().isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("dcmdump", "-s", "+F", "+P", "0008,0050"));
        association.files().forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("dcmdump failed: " + out);
        }
        // One file: no "# dcmdump (i/n): FILE" header before its line.
        Map<String, String> byFile = new LinkedHashMap<>();
        String current = association.files().size() == 1 ? association.files().get(0).toString() : null;
        for (String line : out.split("\n")) {
            Matcher file = DCMDUMP_FILE.matcher(line);
            if (file.find()) {
                current = file.group(1);
                continue;
            }
            Matcher acc = ACCESSION.matcher(line);
            if (acc.find() && current != null) {
                byFile.put(current, acc.group(1) == null ? "" : acc.group(1).strip());
            }
        }
        if (byFile.size() != association.files().size()) {
            throw new AssertionError("dcmdump read " + byFile.size() + " of " + association.files().size() + " files:\n" + out);
        }
        return List.copyOf(byFile.values());
    }
}
