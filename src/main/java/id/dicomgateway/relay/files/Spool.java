package id.dicomgateway.relay.files;

import id.dicomgateway.job.StoreException;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.StoreProducer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where the files of a job whose input is files (an upload, a study received over DICOM) wait
 * until the job ends for good (issue 14: "a job accepted is a job kept"). The temporary area is
 * the request's and is swept; this is in the data directory and outlives a restart. The files are
 * moved in when the job is accepted (a rename, no byte copied, on the same file system; streamed
 * otherwise), each attempt sends from here, and they are removed when the job succeeds, fails for
 * good or is cancelled.
 *
 * <p>The files are on one node only, so the job record names this spool's node
 * ({@link #node()}), and only its workers claim the job. The node's name is kept in the spool
 * itself: whoever opens this directory again (the same pod restarted on its volume) is that node
 * and resumes its jobs at once. A node that never comes back leaves its jobs waiting: the job's
 * check {@value #CHECK} names the node, and a person cancels the job (from any replica) and
 * uploads the files again.
 */
@Singleton
public class Spool {
    private static final Logger LOG = Logger.getLogger(Spool.class);
    /** The job check naming the node whose spool holds the job's files. */
    public static final String CHECK = "files";
    /** A job's directory: random, never from input (a location read from the store is checked against it). */
    private static final Pattern LOCATION = Pattern.compile("[0-9a-f]{24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final String node;
    private final JobStore store;
    private final JobRegistry jobs;
    private final Duration sweepGrace;
    private final AtomicLong copiedBytes = new AtomicLong();
    /** The spool's budget: every job's files reserve their bytes here when they are moved in. */
    private final DiskQuota quota;

    @jakarta.inject.Inject
    Spool(SpoolConfig config, DiskConfig disk, JobStore store, JobRegistry jobs) {
        this(config, new DiskQuota("spool", "GATEWAY_SPOOL_QUOTA", disk.spoolQuota().asLongValue()), store, jobs);
    }

    Spool(SpoolConfig config, JobStore store, JobRegistry jobs) {
        this(config, DiskQuota.unlimited("spool"), store, jobs);
    }

    public Spool(SpoolConfig config, DiskQuota quota, JobStore store, JobRegistry jobs) {
        this.root = config.dir().toAbsolutePath().normalize();
        this.store = store;
        this.jobs = jobs;
        this.sweepGrace = config.sweepGrace();
        this.node = nodeName(root);
        this.quota = quota;
        quota.force(held(root)); // the files of jobs a previous process accepted count from the start
    }

    /** This spool's node: the name job records use for "the files are here". */
    public String node() {
        return node;
    }

    /** Bytes streamed (not renamed) into the spool since start: another file system than the temporary area's. */
    public long copiedBytes() {
        return copiedBytes.get();
    }

    /**
     * A node that starts again takes back at once the jobs it was running (their lease was its
     * previous process's, which is gone) and removes files no job needs; then sweeps now and then.
     */
    void onStart(@Observes StartupEvent event) {
        jobs.onFinal(this::ended);
        takeBack();
        sweep();
    }

    /** Sweeps again every gateway.spool.sweep-interval (quarkus-scheduler; the first sweep ran at the start). */
    @Scheduled(every = "${gateway.spool.sweep-interval:10m}", delayed = "${gateway.spool.sweep-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "spool-sweep")
    void sweepPass() {
        sweep();
    }

    /**
     * The jobs this node was running when its previous process stopped (their lease names that
     * process) are due now: this node's workers send them again whole. How many.
     */
    public int takeBack() {
        try {
            int taken = store.expireLeasesOf(node, StoreProducer.REPLICA);
            if (taken > 0) {
                LOG.infof("Spool %s (node %s): %d job(s) this node was running before it stopped are taken up again", root, node, taken);
            }
            return taken;
        } catch (StoreException e) {
            LOG.warnf("Spool: could not take back this node's jobs now (%s); their leases run out instead", e.getMessage());
            return 0;
        }
    }

    /** Files moved into a new job directory, in the order given. */
    public record Taken(String location, List<Path> files) {
    }

    /**
     * Moves {@code files} into a new directory of the spool, named {@code 000001.dcm}… in their
     * order (a later attempt sends them in the same order). On failure nothing is left here.
     */
    public Taken take(List<Path> files) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String location = HexFormat.of().formatHex(random);
        Path dir = root.resolve(location);
        long bytes = 0;
        try {
            for (Path f : files) {
                bytes += Files.size(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the job's files before spooling them", e);
        }
        quota.reserve(bytes); // INSUFFICIENT_STORAGE: nothing moved, nothing accepted
        try {
            Files.createDirectories(dir);
            List<Path> moved = new ArrayList<>(files.size());
            for (Path f : files) {
                Path target = dir.resolve(String.format("%06d.dcm", moved.size() + 1));
                move(f, target);
                moved.add(target);
            }
            return new Taken(location, List.copyOf(moved));
        } catch (IOException e) {
            Workspace.deleteTree(dir);
            quota.release(bytes);
            if (DiskQuota.isDiskFull(e)) {
                LOG.warnf("Spool %s: the volume is full (%s)", root, e.getMessage());
                throw DiskQuota.diskFull("spool", e);
            }
            throw new UncheckedIOException("Cannot move the job's files into the spool " + root, e);
        } catch (RuntimeException e) {
            Workspace.deleteTree(dir);
            quota.release(bytes);
            throw e;
        }
    }

    private void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system (the temporary area on its own volume): streamed, then the original removed.
            Files.copy(from, to);
            copiedBytes.addAndGet(Files.size(to));
            Files.delete(from);
        }
    }

    /** The files of the job directory {@code location}, in their order; empty when they are gone (or the name is not ours). */
    public List<Path> files(String location) {
        if (location == null || !LOCATION.matcher(location).matches()) {
            return List.of();
        }
        Path dir = root.resolve(location);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            LOG.warnf("Spool: cannot list %s: %s", dir, e.getMessage());
            return List.of();
        }
    }

    /** Removes the job directory {@code location}; true when there was one. */
    public boolean release(String location) {
        if (location == null || !LOCATION.matcher(location).matches()) {
            return false;
        }
        Path dir = root.resolve(location);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        quota.release(Workspace.deleteTree(dir));
        return true;
    }

    /** A job of this replica ended for good: if its files are in this spool, they go now. */
    private void ended(JobRecord record) {
        if (record.filesLocation() == null || !node.equals(record.filesNode())) {
            return;
        }
        if (release(record.filesLocation())) {
            jobs.check(record.id(), CHECK, CheckStatus.PASSED, "Its files were removed from the spool of node " + node
                    + " when it ended (" + record.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    /** Removes the job directories no job of this node needs any more (cancelled elsewhere, purged, lost in a crash); how many. */
    int sweep() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Set<String> inUse;
        try {
            inUse = store.filesInUse(node);
        } catch (StoreException e) {
            LOG.debugf("Spool: no sweep this time: %s", e.getMessage());
            return 0;
        }
        Instant before = Instant.now().minus(sweepGrace);
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!LOCATION.matcher(name).matches() || inUse.contains(name) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        || Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(before)) {
                    continue;
                }
                quota.release(Workspace.deleteTree(dir));
                removed++;
            }
        } catch (IOException e) {
            LOG.warnf("Spool: sweeping %s: %s", root, e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("Spool %s: removed the files of %d job(s) that no longer need them", root, removed);
        }
        return removed;
    }

    /** Bytes in the spool's job directories. */
    private static long held(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.getParent().equals(root)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("Spool: cannot measure %s: %s", root, e.getMessage());
            return 0;
        }
    }

    /** Read from the spool, or made once and written there: the name stays with the directory. */
    private static String nodeName(Path root) {
        Path file = root.resolve("node");
        try {
            Files.createDirectories(root);
            if (Files.isRegularFile(file)) {
                String name = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (name.matches("[A-Za-z0-9._-]{1,100}")) {
                    return name;
                }
                LOG.warnf("Spool: %s does not hold a node name; a new one is made", file);
            }
            String host = StoreProducer.REPLICA.substring(0, StoreProducer.REPLICA.lastIndexOf('-')).replaceAll("[^A-Za-z0-9._-]", "-");
            String name = (host.length() > 80 ? host.substring(0, 80) : host) + "-" + UUID.randomUUID().toString().substring(0, 8);
            Path tmp = root.resolve("node.new");
            Files.writeString(tmp, name + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the spool " + root + " (GATEWAY_DATA_DIR must be writable)", e);
        }
    }
}
