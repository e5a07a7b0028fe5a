package id.dicomgateway.relay.files;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The temporary area under {@code TEMP_DIR}: one directory per request, named at random, never from
 * input (the earlier service built paths from the raw UID: path traversal). Only directories this
 * class names ({@value #PREFIX}…) are ever deleted, because {@code TEMP_DIR} may be shared.
 */
@Singleton
public class TempArea {
    private static final Logger LOG = Logger.getLogger(TempArea.class);
    static final String PREFIX = "gw-req-";
    /** Where the DICOM sender writes instances it converts to another transfer syntax (and deletes them). */
    public static final String CONVERT_DIR = "gw-convert";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final long maxRequestBytes;
    private final DiskQuota quota;
    private final Set<Workspace> active = ConcurrentHashMap.newKeySet();

    @jakarta.inject.Inject
    public TempArea(TempConfig config, DiskConfig disk) {
        this(config, new DiskQuota("temporary area", "GATEWAY_TEMP_QUOTA", disk.tempQuota().asLongValue()));
    }

    /** Without a quota beyond the per-request limit (tests). */
    public TempArea(TempConfig config) {
        this(config, DiskQuota.unlimited("temporary area"));
    }

    public TempArea(TempConfig config, DiskQuota quota) {
        this.root = config.dir().toAbsolutePath().normalize();
        this.maxRequestBytes = config.maxRequestSize().asLongValue();
        this.quota = quota;
    }

    /**
     * The budget of everything written under {@code TEMP_DIR}: every request's directory and the
     * received studies ({@code receive/}) reserve their bytes here.
     */
    public DiskQuota quota() {
        return quota;
    }

    /** Leftovers of a crash are swept at start: no request can be using them. */
    void onStart(@Observes StartupEvent event) {
        Purge swept = purge();
        Workspace.clearDirectory(root.resolve(CONVERT_DIR));
        if (swept.directories() > 0) {
            LOG.infof("Temporary area %s: swept %d leftover request directories (%d bytes)", root, swept.directories(), swept.bytes());
        }
    }

    /** A new, empty directory for one request; close the workspace to remove it. */
    public Workspace open() {
        try {
            Files.createDirectories(root);
            byte[] random = new byte[12];
            RANDOM.nextBytes(random);
            Path dir = Files.createDirectory(root.resolve(PREFIX + HexFormat.of().formatHex(random)));
            Workspace workspace = new Workspace(dir, maxRequestBytes, quota, active::remove);
            active.add(workspace);
            return workspace;
        } catch (IOException e) {
            if (DiskQuota.isDiskFull(e)) {
                throw DiskQuota.diskFull("temporary area", e);
            }
            throw new UncheckedIOException("Cannot create a request directory under " + root, e);
        }
    }

    /** Removes every request directory that no running request uses. */
    public Purge purge() {
        int directories = 0;
        long bytes = 0;
        if (!Files.isDirectory(root)) {
            return new Purge(0, 0, activeCount());
        }
        Set<Path> inUse = ConcurrentHashMap.newKeySet();
        active.forEach(w -> inUse.add(w.dir()));
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path child : children) {
                if (inUse.contains(child) || !Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                bytes += Workspace.deleteTree(child);
                directories++;
            }
        } catch (IOException e) {
            LOG.warnf("Purging %s: %s", root, e.getMessage());
        }
        return new Purge(directories, bytes, activeCount());
    }

    public int activeCount() {
        return active.size();
    }

    public Path root() {
        return root;
    }

    /** What a purge removed, and how many request directories it left because they are in use. */
    public record Purge(int directories, long bytes, int inUse) {
    }
}
