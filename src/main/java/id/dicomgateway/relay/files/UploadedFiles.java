package id.dicomgateway.relay.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one upload, written by the API into the request's own {@link Workspace} as they
 * arrive (never whole in memory), each with the name its sender gave it. Whoever holds one hands
 * it to {@code Relay.submit} or closes it; the relay closes it when the upload ends, however it ends.
 */
public final class UploadedFiles implements AutoCloseable {

    /** A received file: {@code name} is for people (already made printable), {@code path} is ours. */
    public record File(String name, Path path) {
    }

    private final Workspace workspace;
    private final long startNanos = System.nanoTime();
    private final List<File> files = new ArrayList<>();

    public UploadedFiles(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Opens a new file for the next part; the request's temp-space limit counts every byte (TOO_LARGE past it). */
    public Path newFile() throws IOException {
        return workspace.newFile("upload");
    }

    public OutputStream create(Path file) throws IOException {
        return workspace.create(file);
    }

    /**
     * Adds a file written with {@link #create}. {@code filename} is the sender's (may be null or
     * blank: then the file is called by its place, "#2"); only its last path segment is shown,
     * never used as a path.
     */
    public void add(String filename, Path file) {
        files.add(new File(displayName(filename, files.size() + 1), file));
    }

    /**
     * Adds {@code source}, a file of the gateway's own (e.g. a received instance), under
     * {@code filename}: a hard link where the file system allows, so no byte is copied; the source stays.
     */
    public void addLinked(String filename, Path source) throws IOException {
        Path file = workspace.newFile("upload");
        workspace.link(source, file);
        add(filename, file);
    }

    public int count() {
        return files.size();
    }

    public List<File> files() {
        return List.copyOf(files);
    }

    public Workspace workspace() {
        return workspace;
    }

    /** When the upload began arriving: its duration is measured from here. */
    public long startNanos() {
        return startNanos;
    }

    @Override
    public void close() {
        workspace.close();
    }

    private static String displayName(String filename, int ordinal) {
        if (filename == null || filename.isBlank()) {
            return "#" + ordinal;
        }
        String base = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        return shown(base.isEmpty() ? filename : base);
    }

    /** A sender's name for a file, quoted and kept to one printable line. */
    public static String shown(String name) {
        StringBuilder s = new StringBuilder("'");
        name.codePoints().limit(120).forEach(c -> s.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.append('\'').toString();
    }
}
