package id.dicomgateway.dimse;

import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dicom.Transcoder;
import id.dicomgateway.dicom.Uids;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import id.dicomgateway.dimse.ul.DataSetRegion;
import id.dicomgateway.dimse.ul.PDataSender;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Storage SCU (PS3.4 annex B) and Verification SCU (PS3.4 annex A) over one association per call.
 *
 * <p>{@link #send} puts all instances of a call into ONE association and releases it at the end:
 * the SATUSEHAT router builds its ImagingStudy from one association on release (docs/domain.md §4).
 * Per destination at most {@link DimseSettings#maxAssociationsPerDestination()} sends run at once.
 */
public final class StoreScu implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StoreScu.class.getName());

    private final Vertx vertx;
    private final DimseSettings settings;
    private final Path tempDir;
    private final NetClient client;
    private final DestinationLimiter limiter;

    public StoreScu(Vertx vertx, DimseSettings settings) {
        this(vertx, settings, null);
    }

    /**
     * @param tempDir where instances converted to another transfer syntax are written before
     *                sending (deleted after); null for the JVM's temporary directory
     */
    public StoreScu(Vertx vertx, DimseSettings settings, Path tempDir) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tempDir = tempDir;
        this.client = vertx.createNetClient(new NetClientOptions()
                .setTcpNoDelay(true) // PDUs are written whole; Nagle would only add latency per instance
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis())));
        this.limiter = new DestinationLimiter(settings.maxAssociationsPerDestination());
    }

    public DimseSettings settings() {
        return settings;
    }

    /** Closes the TCP client and with it any connection still open; call when the application stops. */
    @Override
    public void close() {
        client.close();
    }

    /**
     * ALL instances in ONE association, released at the end. Emits one {@link StoreResult} per
     * request, in request order, then completes. An association-level failure (connect refused,
     * rejected, abort, timeout) is reported as FAILED results with that cause for every instance
     * not confirmed stored; the stream itself only fails on programming errors. Cancelling the
     * subscription aborts the association.
     */
    public Multi<StoreResult> send(Destination destination, List<StoreRequest> instances) {
        Objects.requireNonNull(destination, "destination");
        List<StoreRequest> requests = List.copyOf(instances);
        if (requests.isEmpty()) {
            return Multi.createFrom().empty();
        }
        return send(destination, requests, false, ReleaseGate.ALWAYS);
    }

    /**
     * As {@link #send(Destination, List)} for the instances of ONE study, which the receiver must get
     * whole: when it refuses the context of an instance's own encapsulated syntax (which is never
     * converted here), the association is aborted right after negotiation, before anything is
     * stored, and the stream fails with a {@link RefusedSyntaxException} naming every such instance.
     * Released with that instance missing, the router would file the study without it (docs/domain.md §4).
     */
    public Multi<StoreResult> sendStudy(Destination destination, List<StoreRequest> instances) {
        return sendStudy(destination, instances, ReleaseGate.ALWAYS);
    }

    /** As {@link #sendStudy(Destination, List)}, releasing only if {@code gate} says so once every instance is answered. */
    public Multi<StoreResult> sendStudy(Destination destination, List<StoreRequest> instances, ReleaseGate gate) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gate, "gate");
        List<StoreRequest> requests = List.copyOf(instances);
        if (requests.isEmpty()) {
            return Multi.createFrom().empty();
        }
        return send(destination, requests, true, gate);
    }

    private Multi<StoreResult> send(Destination destination, List<StoreRequest> requests, boolean whole, ReleaseGate gate) {
        return Multi.createFrom().emitter(emitter -> {
            Context context = vertx.getOrCreateContext();
            StoreJob job = new StoreJob(context, destination, Set.of(), false, whole, gate, emitter);
            job.requests.addAll(requests);
            job.source = Source.ENDED;
            startWhenPermitted(job, context, destination, emitter, null);
        });
    }

    /**
     * As {@link #send(Destination, List)} for a study whose instances are still arriving (being
     * fetched): the association opens when the first instance is there, and each instance goes
     * out as soon as it arrives and the previous one is answered. Presentation contexts must be
     * proposed before the rest is seen (PS3.8 9.3.2), so they cover the first instance's own pair
     * and, for its SOP class, every class in {@code expectedSopClasses} (the PACS's metadata, when
     * known) and the common storage classes, the syntaxes seen so far plus Explicit VR Little
     * Endian, which every uncompressed instance converts to.
     *
     * <p>The results stream fails, after A-ABORT of the association so that the router acts on
     * none of it (it works on release, docs/domain.md §4), when {@code instances} fails (with that
     * failure) or when an instance arrives that no proposed context can carry
     * ({@link UnplannedInstanceException}: send the whole study again with {@link #sendStudy}), or
     * one whose own encapsulated syntax the receiver refused ({@link RefusedSyntaxException}, as
     * {@link #sendStudy}: checked for every instance there at negotiation, then for each as it
     * comes). Results emitted before that are what the router received, and it files none of them.
     */
    public Multi<StoreResult> send(Destination destination, Set<String> expectedSopClasses, Multi<StoreRequest> instances) {
        return send(destination, expectedSopClasses, instances, ReleaseGate.ALWAYS);
    }

    /** As {@link #send(Destination, Set, Multi)}, releasing only if {@code gate} says so once every instance is answered. */
    public Multi<StoreResult> send(Destination destination, Set<String> expectedSopClasses, Multi<StoreRequest> instances,
                                   ReleaseGate gate) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gate, "gate");
        Set<String> expected = Set.copyOf(expectedSopClasses);
        return Multi.createFrom().emitter(emitter -> {
            Context context = vertx.getOrCreateContext();
            StoreJob job = new StoreJob(context, destination, expected, true, true, gate, emitter);
            Cancellable source = instances.subscribe().with(
                    request -> context.runOnContext(v -> job.arrived(request)),
                    failure -> context.runOnContext(v -> job.sourceFailed(failure)),
                    () -> context.runOnContext(v -> job.sourceEnded()));
            startWhenPermitted(job, context, destination, emitter, source);
        });
    }

    private void startWhenPermitted(StoreJob job, Context context, Destination destination,
                                    MultiEmitter<? super StoreResult> emitter, Cancellable source) {
        Runnable withdraw = limiter.acquire(destination.key(), () -> context.runOnContext(v -> job.start()));
        emitter.onTermination(() -> {
            withdraw.run();
            if (source != null) {
                source.cancel();
            }
            context.runOnContext(v -> job.terminated());
        });
    }

    /**
     * C-ECHO (PS3.7 9.1.5) in its own short association. Yields the time from connecting to the
     * release being confirmed; fails with a {@link DimseException} when the peer is not OK. Echoes
     * do not wait for the per-destination limit: a health check must not queue behind studies.
     */
    public Uni<Duration> echo(Destination destination) {
        Objects.requireNonNull(destination, "destination");
        return Uni.createFrom().emitter(emitter -> {
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> {
                long start = System.nanoTime();
                PresentationContextRq pc = new PresentationContextRq(1, Uids.VERIFICATION_SOP_CLASS,
                        List.of(TransferSyntax.IMPLICIT_VR_LE.uid()));
                Association.request(vertx, client, destination, settings, List.of(pc), userInformation())
                        .compose(association -> {
                            PresentationContextAc ac = association.presentationContextResults().get(1);
                            if (ac == null || !ac.accepted()) {
                                association.abort("Verification SOP Class not accepted");
                                return Future.failedFuture(new DimseException(FailureCause.NO_PRESENTATION_CONTEXT,
                                        destination + " did not accept the Verification SOP Class: "
                                                + (ac == null ? "no answer" : ac.resultText())));
                            }
                            CommandSet rq = CommandSet.cEchoRq(association.nextMessageId(), Uids.VERIFICATION_SOP_CLASS);
                            return association.invoke(1, rq, null).map(Association.Response::command)
                                    .compose(rsp -> association.release().compose(r -> {
                                if (rsp.status() != DimseStatus.SUCCESS) {
                                    return Future.failedFuture(new DimseException(FailureCause.STATUS_FAILURE,
                                            destination + " answered C-ECHO with " + DimseStatus.describe(rsp.status()),
                                            rsp.status(), null));
                                }
                                return Future.succeededFuture(Duration.ofNanos(System.nanoTime() - start));
                            }));
                        })
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                emitter.complete(ar.result());
                            } else {
                                emitter.fail(ar.cause());
                            }
                        });
            });
        });
    }

    /**
     * Which of {@code pairs} the receiver takes: each proposed alone in its own context, in as few
     * associations as the 128-context limit allows, each released at once with nothing sent (the
     * router acts only on instances received, docs/domain.md §4). An acceptor answers each context on its
     * own (PS3.8 9.3.3.2), so the answer for a pair is what a send proposing it alone gets. Like
     * {@link #echo}, a probe does not wait for the per-destination limit.
     */
    public Uni<java.util.Map<SyntaxPair, Boolean>> probe(Destination destination, java.util.Collection<SyntaxPair> pairs) {
        Objects.requireNonNull(destination, "destination");
        List<SyntaxPair> all = List.copyOf(new java.util.LinkedHashSet<>(pairs));
        Uni<java.util.Map<SyntaxPair, Boolean>> result = Uni.createFrom().item(new java.util.LinkedHashMap<>());
        for (int from = 0; from < all.size(); from += PresentationContextPlan.MAX_CONTEXTS) {
            List<SyntaxPair> chunk = all.subList(from, Math.min(all.size(), from + PresentationContextPlan.MAX_CONTEXTS));
            result = result.chain(map -> probeOnce(destination, chunk).map(part -> {
                map.putAll(part);
                return map;
            }));
        }
        return result.map(java.util.Map::copyOf);
    }

    private Uni<java.util.Map<SyntaxPair, Boolean>> probeOnce(Destination destination, List<SyntaxPair> pairs) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> {
                List<PresentationContextRq> proposals = new ArrayList<>();
                for (int i = 0; i < pairs.size(); i++) {
                    proposals.add(new PresentationContextRq(2 * i + 1, pairs.get(i).sopClassUid(),
                            List.of(pairs.get(i).transferSyntaxUid())));
                }
                Association.request(vertx, client, destination, settings, proposals, userInformation())
                        .compose(association -> {
                            java.util.Map<SyntaxPair, Boolean> answer = new java.util.LinkedHashMap<>();
                            for (int i = 0; i < pairs.size(); i++) {
                                PresentationContextAc ac = association.presentationContextResults().get(2 * i + 1);
                                answer.put(pairs.get(i), ac != null && ac.accepted()
                                        && pairs.get(i).transferSyntaxUid().equals(ac.transferSyntax()));
                            }
                            return association.release().map(r -> answer);
                        })
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                emitter.complete(ar.result());
                            } else {
                                emitter.fail(ar.cause());
                            }
                        });
            });
        });
    }

    private UserInformation userInformation() {
        return new UserInformation(settings.maxPduLength(), Uids.IMPLEMENTATION_CLASS_UID,
                Uids.IMPLEMENTATION_VERSION_NAME);
    }

    /**
     * One send: runs on its event-loop context from start to the last result. {@code requests}
     * grows as instances arrive; a send of a known list has them all, and its source ended, from
     * the start.
     */
    private final class StoreJob {
        private final Context context;
        private final Destination destination;
        private final Set<String> expectedSopClasses;
        /** Instances keep arriving after the association opened: contexts are proposed ahead. */
        private final boolean arriving;
        /** One study, all or nothing: a refused encapsulated syntax aborts instead of failing one instance. */
        private final boolean whole;
        /** Asked before A-RELEASE-RQ whether the send may still be released. */
        private final ReleaseGate gate;
        private final MultiEmitter<? super StoreResult> emitter;
        final List<StoreRequest> requests = new ArrayList<>();
        private final AtomicBoolean permitReturned = new AtomicBoolean();
        private PresentationContextPlan plan;
        Source source = Source.OPEN;
        private Throwable sourceFailure;
        private Phase phase = Phase.QUEUED;
        private Association association;
        /** Why the association is gone, once it is: every later instance fails with it. */
        private DimseException lost;
        private int next;
        /** The size of the next instance's file, asked for while the current one is sent. */
        private Ahead ahead;
        /** The next instance's data set, read while the peer answers the current one ({@link #readNextAhead}). */
        private ReadAhead readAhead;

        StoreJob(Context context, Destination destination, Set<String> expectedSopClasses, boolean arriving,
                 boolean whole, ReleaseGate gate, MultiEmitter<? super StoreResult> emitter) {
            this.context = context;
            this.destination = destination;
            this.expectedSopClasses = expectedSopClasses;
            this.arriving = arriving;
            this.whole = whole;
            this.gate = gate;
            this.emitter = emitter;
        }

        void arrived(StoreRequest request) {
            if (phase == Phase.FINISHED) {
                return;
            }
            requests.add(request);
            wake();
        }

        void sourceEnded() {
            source = Source.ENDED;
            wake();
        }

        void sourceFailed(Throwable failure) {
            sourceFailure = failure;
            source = Source.FAILED;
            wake();
        }

        /** Goes on if it was waiting for the source; before start() the instances just queue. */
        private void wake() {
            if (phase == Phase.FINISHED || phase == Phase.QUEUED) {
                return;
            }
            if (plan == null) {
                associate();
            } else if (phase == Phase.IDLE) {
                phase = Phase.SENDING;
                sendNext();
            }
        }

        void start() {
            if (phase == Phase.FINISHED) { // cancelled while queued: the permit just granted goes back
                returnPermit();
                return;
            }
            phase = Phase.STARTING;
            associate();
        }

        /** Proposes contexts once the first instance is there (or the source is done with none). */
        private void associate() {
            if (sourceFailure != null) {
                fail(sourceFailure);
                return;
            }
            if (requests.isEmpty()) {
                if (source != Source.OPEN) {
                    finish();
                }
                return;
            }
            plan = new PresentationContextPlan(requests, expectedSopClasses, arriving);
            List<PresentationContextRq> proposals = plan.proposals();
            if (proposals.isEmpty()) {
                phase = Phase.SENDING;
                sendNext(); // nothing storable: every instance fails alone, no association needed
                return;
            }
            phase = Phase.NEGOTIATING;
            Association.request(vertx, client, destination, settings, proposals, userInformation())
                    .onComplete(ar -> {
                        if (phase == Phase.FINISHED) { // cancelled while negotiating
                            if (ar.succeeded()) {
                                ar.result().abort("send cancelled by the caller");
                            }
                            returnPermit();
                            return;
                        }
                        phase = Phase.SENDING;
                        if (ar.failed()) {
                            lost = asDimse(ar.cause());
                        } else {
                            association = ar.result();
                            // every instance there now is checked before the first is stored: a
                            // refusal found later would have put part of the study on the router's disk
                            List<RefusedSyntaxException.Refused> refused = whole ? refusedAmong(requests) : List.of();
                            if (!refused.isEmpty()) {
                                fail(new RefusedSyntaxException(refused));
                                return;
                            }
                        }
                        sendNext();
                    });
        }

        /** The subscriber cancelled, or we completed. */
        void terminated() {
            if (phase != Phase.FINISHED) {
                Phase was = phase;
                phase = Phase.FINISHED;
                dropReadAhead(null);
                abortIfOpen("send cancelled by the caller");
                if (was == Phase.NEGOTIATING) {
                    return; // the pending request returns the permit when it completes
                }
                if (was != Phase.QUEUED) {
                    returnPermit();
                }
            }
        }

        private void abortIfOpen(String why) {
            if (association != null && !association.ended()) {
                association.abort(why);
            }
        }

        /** Stores the next instance; the ones that fail alone without I/O are passed in a loop. */
        private void sendNext() {
            while (phase != Phase.FINISHED) {
                if (sourceFailure != null) {
                    fail(sourceFailure); // what already arrived would be aborted with the rest: not worth sending
                    return;
                }
                if (next == requests.size()) {
                    if (source != Source.OPEN) {
                        releaseAndComplete();
                    } else {
                        phase = Phase.IDLE;
                    }
                    return;
                }
                StoreRequest request = requests.get(next);
                if (lost != null) {
                    emit(StoreResult.failed(request.header().sopInstanceUid(), lost.cause(), lost.getMessage()));
                    continue;
                }
                try {
                    if (association == null) {
                        throw new DimseException(FailureCause.READ_ERROR, "instance without SOP Class or Transfer Syntax UID");
                    }
                    store(request, plan.choose(request, association.presentationContextResults()));
                    return;
                } catch (DimseException e) {
                    if (arriving && e.cause() == FailureCause.NO_PRESENTATION_CONTEXT && !plan.proposed(request)) {
                        // proposed before this instance was seen: a fresh association that proposes it may carry it
                        fail(new UnplannedInstanceException(e.getMessage()));
                        return;
                    }
                    List<RefusedSyntaxException.Refused> refused = whole ? refusedAmong(List.of(request)) : List.of();
                    if (!refused.isEmpty()) {
                        fail(new RefusedSyntaxException(refused)); // it arrived after negotiation: A-ABORT, no release
                        return;
                    }
                    emit(StoreResult.failed(request.header().sopInstanceUid(), e.cause(), e.getMessage()));
                }
            }
        }

        /**
         * The instances among {@code candidates} (nulls are ones already answered) in an
         * encapsulated syntax proposed alone and not accepted: nothing can carry them.
         */
        private List<RefusedSyntaxException.Refused> refusedAmong(List<StoreRequest> candidates) {
            List<RefusedSyntaxException.Refused> refused = new ArrayList<>();
            for (StoreRequest request : candidates) {
                if (request == null || request.header().transferSyntaxUid() == null
                        || request.header().transferSyntax().isUncompressed() || !plan.proposed(request)) {
                    continue;
                }
                try {
                    plan.choose(request, association.presentationContextResults());
                } catch (DimseException e) {
                    if (e.cause() == FailureCause.NO_PRESENTATION_CONTEXT) {
                        refused.add(new RefusedSyntaxException.Refused(request.header().sopInstanceUid(),
                                new SyntaxPair(request.header().sopClassUid(), request.header().transferSyntaxUid())));
                    }
                }
            }
            return refused;
        }

        /**
         * An instance in its own syntax streams straight from its file; one that needs converting
         * is first converted into a temporary file on a worker thread.
         */
        private void store(StoreRequest request, PresentationContextPlan.Choice choice) {
            TransferSyntax own = request.header().transferSyntax();
            if (own.uid().equals(choice.syntax().uid())) {
                invoke(request, choice, new Prepared(request.region(), null));
                return;
            }
            context.<Prepared>executeBlocking(() -> convert(request, choice.syntax()), false).onComplete(ar -> {
                if (phase == Phase.FINISHED) {
                    if (ar.succeeded()) {
                        discard(ar.result());
                    }
                    return;
                }
                if (ar.failed()) {
                    emit(StoreResult.failed(request.header().sopInstanceUid(), FailureCause.READ_ERROR,
                            ar.cause().getMessage()));
                    sendNext();
                    return;
                }
                invoke(request, choice, ar.result());
            });
        }

        private void invoke(StoreRequest request, PresentationContextPlan.Choice choice, Prepared prepared) {
            String sopInstanceUid = request.header().sopInstanceUid();
            CommandSet rq = CommandSet.cStoreRq(association.nextMessageId(), request.header().sopClassUid(),
                    sopInstanceUid);
            DataSetRegion region = prepared.region();
            Association.DataSetAhead data = readAhead != null && readAhead.request() == request && prepared.temporary() == null
                    && readAhead.data().presentationContextId() == choice.contextId() ? readAhead.data() : null;
            dropReadAhead(data);
            if (data == null) {
                data = association.readAhead(choice.contextId(), region, sizeOf(region));
            }
            statNext();
            association.invoke(rq, data, this::readNextAhead).onComplete(ar -> {
                discard(prepared);
                if (phase == Phase.FINISHED) {
                    return;
                }
                if (ar.succeeded()) {
                    emit(result(sopInstanceUid, ar.result().command(), ar.result().dataSetBytes()));
                    sendNext();
                    return;
                }
                DimseException e = asDimse(ar.cause());
                if (association.failure() == null) {
                    // failed alone (file could not be opened); the association goes on
                    emit(StoreResult.failed(sopInstanceUid, e.cause(), e.getMessage()));
                    sendNext();
                    return;
                }
                if (e.cause() == FailureCause.READ_ERROR) {
                    emit(StoreResult.failed(sopInstanceUid, e.cause(), e.getMessage()));
                }
                lost = association.failure();
                sendNext();
            });
        }

        /**
         * The next instance's file is looked at on a worker while this one is sent, so its C-STORE need not wait for a
         * thread of its own (a hand-over that costs most on a busy machine).
         */
        private void statNext() {
            StoreRequest following = next + 1 < requests.size() ? requests.get(next + 1) : null;
            Path file = following == null ? null : following.file(); // the file its region reads, spliced or not
            ahead = file == null ? null : new Ahead(file, association.fileSize(file));
        }

        /**
         * This instance's data set is in the kernel, its response not yet here (one operation at a time, PS3.7 9.1): the
         * next instance's file is read now, if it goes as it is (one to convert is converted on a worker when its turn
         * comes), so its C-STORE need not wait for a worker to read it.
         */
        private void readNextAhead() {
            int following = next + 1;
            if (phase == Phase.FINISHED || following >= requests.size() || association == null || association.failure() != null
                    || !PDataSender.readsBlocks(association.sendPduLength())) {
                return; // nothing to read ahead when the data go by sendfile (large PDUs)
            }
            StoreRequest request = requests.get(following);
            PresentationContextPlan.Choice choice;
            try {
                choice = plan.choose(request, association.presentationContextResults());
            } catch (DimseException e) {
                return; // answered alone when its turn comes
            }
            if (!request.header().transferSyntax().uid().equals(choice.syntax().uid())) {
                return;
            }
            DataSetRegion region = request.region();
            dropReadAhead(null);
            readAhead = new ReadAhead(request, association.readAhead(choice.contextId(), region, sizeOf(region)));
        }

        /** The size of {@code region}'s file: the one asked for ahead ({@link #statNext}), or asked for now. */
        private Future<Long> sizeOf(DataSetRegion region) {
            return ahead != null && ahead.file().equals(region.file()) ? ahead.size() : association.fileSize(region.file());
        }

        /** The data set read ahead goes, unless it is {@code keep} (about to be sent). */
        private void dropReadAhead(Association.DataSetAhead keep) {
            if (readAhead != null && readAhead.data() != keep) {
                readAhead.data().discard();
            }
            readAhead = null;
        }

        private void discard(Prepared prepared) {
            if (prepared.temporary() != null) {
                context.executeBlocking(() -> {
                    prepared.discard();
                    return null;
                }, false);
            }
        }

        private StoreResult result(String sopInstanceUid, CommandSet rsp, long bytes) {
            int status = rsp.status();
            String comment = rsp.errorComment() == null || rsp.errorComment().isBlank() ? "" : ": " + rsp.errorComment();
            if (DimseStatus.isSuccess(status)) {
                return new StoreResult(sopInstanceUid, StoreResult.Outcome.STORED, status, null, null, bytes);
            }
            if (DimseStatus.isWarning(status)) {
                return new StoreResult(sopInstanceUid, StoreResult.Outcome.STORED_WITH_WARNING, status, null,
                        DimseStatus.describe(status) + comment, bytes);
            }
            return new StoreResult(sopInstanceUid, StoreResult.Outcome.FAILED, status, FailureCause.STATUS_FAILURE,
                    destination + " answered C-STORE with " + DimseStatus.describe(status) + comment, bytes);
        }

        /**
         * Results go out in request order: {@code next} is the first request without one. A request
         * with its result is not needed again; dropping it keeps a long study's edited heads out of
         * the heap as it goes.
         */
        private void emit(StoreResult result) {
            requests.set(next, null);
            next++;
            if (!result.stored()) {
                LOG.log(System.Logger.Level.DEBUG, "instance {0} to {1} not stored: {2}", result.sopInstanceUid(),
                        destination, result.message());
            }
            emitter.emit(result);
        }

        private void releaseAndComplete() {
            if (association == null || association.failure() != null) {
                finish();
                return;
            }
            if (gate == ReleaseGate.ALWAYS) {
                release();
                return;
            }
            Uni<Boolean> asked;
            try {
                asked = gate.mayRelease();
            } catch (RuntimeException e) {
                asked = Uni.createFrom().failure(e);
            }
            asked.subscribe().with(may -> context.runOnContext(v -> released(may, null)),
                    failure -> context.runOnContext(v -> released(false, failure)));
        }

        /** The gate's answer, on the association's context. */
        private void released(Boolean may, Throwable failure) {
            if (phase == Phase.FINISHED) {
                return; // cancelled while the gate was asked: terminated() aborted the association
            }
            if (failure == null && Boolean.TRUE.equals(may)) {
                release();
            } else {
                String why = failure == null ? "the send was stopped before its release" : "the release gate failed: " + failure;
                fail(new DimseException(FailureCause.ASSOCIATION_ABORTED, why));
            }
        }

        private void release() {
            association.release().onComplete(ar -> {
                if (ar.failed()) {
                    // Every instance already has its confirmed result; the router may still not act
                    // on this association (it works on release), so say so loudly.
                    LOG.log(System.Logger.Level.WARNING, "release of association with {0} failed: {1}",
                            destination, ar.cause().getMessage());
                }
                finish();
            });
        }

        /** Ends the send with A-ABORT, never a release: the router must not act on part of a study. */
        private void fail(Throwable failure) {
            if (phase != Phase.FINISHED) {
                abortIfOpen(failure instanceof UnplannedInstanceException
                        ? "an instance needs a presentation context that was not proposed"
                        : failure instanceof RefusedSyntaxException
                        ? "an instance's encapsulated syntax was refused: the study must not be filed without it"
                        : failure instanceof DimseException d && d.cause() == FailureCause.ASSOCIATION_ABORTED
                        ? d.getMessage()
                        : "the instances stopped coming: " + failure.getMessage());
                phase = Phase.FINISHED;
                dropReadAhead(null);
                returnPermit();
                emitter.fail(failure);
            }
        }

        private void finish() {
            if (phase != Phase.FINISHED) {
                phase = Phase.FINISHED;
                dropReadAhead(null);
                returnPermit();
                emitter.complete();
            }
        }

        private void returnPermit() {
            if (permitReturned.compareAndSet(false, true)) {
                limiter.release(destination.key());
            }
        }
    }

    /** Where one send is; every transition happens on the send's event-loop context. */
    private enum Phase {
        /** Waiting for a permit of the per-destination limit. */
        QUEUED,
        /** Permitted; waiting for the first instance to propose contexts for it. */
        STARTING,
        /** A-ASSOCIATE-RQ sent, no answer yet (the permit goes back when it comes). */
        NEGOTIATING,
        /** An instance is being converted or stored, or the next one is being picked. */
        SENDING,
        /** Every arrived instance has its result; waiting for the next to arrive. */
        IDLE,
        /** Completed, failed or cancelled: nothing more is emitted. */
        FINISHED
    }

    /** The stream of instances to send. */
    private enum Source {
        /** More may come. */
        OPEN,
        /** Complete: release once every instance has its result. */
        ENDED,
        /** Failed: the send fails, with A-ABORT. */
        FAILED
    }

    /** A file's size, asked for ahead of its C-STORE. */
    private record Ahead(Path file, Future<Long> size) {
    }

    /** An instance's data set read ahead of its C-STORE. */
    private record ReadAhead(StoreRequest request, Association.DataSetAhead data) {
    }

    /** A data set ready to send: the original file region, or a converted temporary file. */
    private record Prepared(DataSetRegion region, Path temporary) {
        void discard() {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: {1}", temporary, e.getMessage());
                }
            }
        }
    }

    /** Runs on a worker thread: converts the data set into a temporary file (PS3.5 A.1-A.5 syntaxes). */
    private Prepared convert(StoreRequest request, TransferSyntax target) throws IOException {
        Path file = request.file();
        TransferSyntax own = request.header().transferSyntax();
        Path temporary = tempDir == null ? Files.createTempFile("dimse-", ".dataset")
                : Files.createTempFile(tempDir, "dimse-", ".dataset");
        try (InputStream in = request.openDataSet();
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
            Transcoder.convertDataset(in, own, target, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw new IOException("cannot convert " + file.getFileName() + " from " + own.name() + " to "
                    + target.name() + ": " + e.getMessage(), e);
        }
        return new Prepared(new DataSetRegion(temporary, 0, Files.size(temporary)), temporary);
    }

    private static DimseException asDimse(Throwable t) {
        if (t instanceof DimseException e) {
            return e;
        }
        return new DimseException(FailureCause.PROTOCOL_ERROR, "unexpected failure: " + t, t);
    }
}
