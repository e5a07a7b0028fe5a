package id.dicomgateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The layers of docs/architecture.md as rules, so the drawing cannot drift from the code. Data
 * flows one way: api → relay → (pacs, satusehat, dimse, dicom). Packages that other work adds
 * (store, security, health, a demo) fit without a change here: they are bound by the general
 * rules (nothing below api imports api or ui; no cycles), and {@code relay} may use {@code store}.
 */
@AnalyzeClasses(packages = "id.dicomgateway", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {
    private static final String BASE = "id.dicomgateway.";

    /** The DICOM toolkit is plain Java: testable alone, publishable alone. */
    @ArchTest
    static final ArchRule dicomUsesOnlyTheJdk = classes().that().resideInAPackage(BASE + "dicom..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "dicom..", "java..")
            .because("dicom is pure Java: no framework, no other layer");

    /** The multipart reader serves the PACS client and the upload form alike, so it sits below both. */
    @ArchTest
    static final ArchRule mimeUsesOnlyTheJdk = classes().that().resideInAPackage(BASE + "mime..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "mime..", "java..")
            .because("mime is pure Java, a building block like dicom");

    /** The upper layer and DIMSE run on Vert.x sockets and nothing else of the application. */
    @ArchTest
    static final ArchRule dimseUsesOnlyDicomVertxAndMutiny = classes().that().resideInAPackage(BASE + "dimse..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "dimse..", BASE + "dicom..", "io.vertx..",
                    "io.smallrye.mutiny..", "java..")
            .because("dimse knows PDUs and associations, not Quarkus, CDI or the use cases");

    /** The peers' clients are called by the relay and never call up into it. */
    @ArchTest
    static final ArchRule clientsDoNotReachUp = noClasses().that().resideInAnyPackage(BASE + "pacs..", BASE + "satusehat..")
            .should().dependOnClassesThat().resideInAnyPackage(BASE + "relay..", BASE + "api..", BASE + "ui..",
                    BASE + "health..", BASE + "store..", BASE + "security..")
            .because("pacs and satusehat are clients of one peer each, with their own failure types");

    /** The job's words (state, filter, the store's failure) are plain Java that every layer may use. */
    @ArchTest
    static final ArchRule jobWordsUseOnlyTheJdk = classes().that().resideInAPackage(BASE + "job..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "job..", "java..")
            .because("issue 22: one job state, shared by the store and every view, with nothing behind it");

    /** The resources reach jobs through the use cases, never through the store (issue 22, step 1). */
    @ArchTest
    static final ArchRule apiDoesNotReachTheStore = noClasses().that().resideInAnyPackage(BASE + "api..", BASE + "ui..")
            .should().dependOnClassesThat().resideInAPackage(BASE + "store..")
            .because("the store is the truth about a job, but a resource asks a use case (relay.jobs) for it");

    /**
     * One async style (issue 22, step 4): above dimse nothing makes a thread or a thread pool of its own; work runs on
     * Mutiny's worker pool (async.Serial where it must be in order), timers are quarkus-scheduler's. The one thread left is
     * the PostgreSQL LISTEN loop, which blocks on its connection.
     */
    @ArchTest
    static final ArchRule noHandMadeThreadsAboveDimse = noClasses().that().resideOutsideOfPackages(BASE + "dimse..")
            .and().doNotHaveFullyQualifiedName(BASE + "store.PgNotifications")
            .should().dependOnClassesThat().belongToAnyOf(java.util.concurrent.Executors.class,
                    java.util.concurrent.ThreadPoolExecutor.class, java.util.concurrent.ScheduledThreadPoolExecutor.class,
                    java.util.concurrent.ForkJoinPool.class, java.util.Timer.class)
            .orShould().callConstructor(Thread.class, Runnable.class)
            .orShould().callConstructor(Thread.class, Runnable.class, String.class)
            .because("issue 22: Mutiny at the boundaries, quarkus-scheduler for timers, at most one thread of our own");

    /** Above dimse a result that comes later is a Mutiny Uni (async.Once where it is settled by hand), not a CompletableFuture. */
    @ArchTest
    static final ArchRule noCompletableFuturesAboveDimse = noClasses().that().resideOutsideOfPackages(BASE + "dimse..")
            .should().dependOnClassesThat().belongToAnyOf(java.util.concurrent.CompletableFuture.class,
                    java.util.concurrent.CompletionStage.class)
            .because("issue 22 step 4: one async style, Mutiny at every boundary above dimse");

    /** The use cases know no HTTP: only api maps their failures to a status. */
    @ArchTest
    static final ArchRule relayKnowsNoHttpLayer = noClasses().that().resideInAPackage(BASE + "relay..")
            .should().dependOnClassesThat().resideInAnyPackage(BASE + "api..", BASE + "ui..", BASE + "health..",
                    BASE + "security..")
            .because("relay outcomes are persisted and shown by several views; HTTP statuses are api's");

    /** The resources speak HTTP and hand each request to a relay use case; they reach no peer or codec themselves. */
    @ArchTest
    static final ArchRule apiGoesThroughTheRelay = noClasses().that().resideInAnyPackage(BASE + "api..", BASE + "ui..")
            .should().dependOnClassesThat().resideInAnyPackage(BASE + "dicom..", BASE + "dimse..", BASE + "pacs..", BASE + "satusehat..")
            .because("a resource builds a command for the relay; the relay knows the peers");

    /** The receive side (the gateway as a Storage SCP) sits beside the API: it hands studies to the relay as an upload would. */
    @ArchTest
    static final ArchRule receiveSitsAboveTheRelay = noClasses().that().resideInAPackage(BASE + "receive..")
            .should().dependOnClassesThat().resideInAnyPackage(BASE + "api..", BASE + "ui..", BASE + "pacs..", BASE + "satusehat..",
                    BASE + "health..", BASE + "security..")
            .because("receive uses dimse to listen, dicom to read and relay to send; HTTP and the peers' clients are not its business");

    /** The relay does not know who hands it work: the API, the receive side, a demo. */
    @ArchTest
    static final ArchRule relayDoesNotKnowReceive = noClasses().that().resideInAnyPackage(BASE + "relay..", BASE + "dimse..", BASE + "dicom..")
            .should().dependOnClassesThat().resideInAPackage(BASE + "receive..")
            .because("data flows one way: receive -> relay -> (dimse, dicom)");

    /** Nothing but the web layers themselves uses the web layers. */
    @ArchTest
    static final ArchRule nothingBelowUsesApiOrUi = noClasses().that().resideOutsideOfPackages(BASE + "api..", BASE + "ui..")
            .should().dependOnClassesThat().resideInAnyPackage(BASE + "api..", BASE + "ui..")
            .because("health, security, store and every lower layer sit below the REST resources and the dashboard");

    /** Each package on its own (relay and relay.jobs apart), so a cycle between a package and its child counts too. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(BASE + "(**)").should().beFreeOfCycles();

    /** The PDUs of PS3.8 9.3 are data and their encoding: they know no association, no DIMSE, no service. */
    @ArchTest
    static final ArchRule pduKnowsNoAssociation = classes().that().resideInAPackage(BASE + "dimse.pdu..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "dimse.pdu..", BASE + "dicom..", "io.vertx..", "java..")
            .because("issue 22: pdu does not know the association (dicom-rs ul/pdu, pynetdicom pdu)");

    /** The upper layer (PS3.8 9.2, one state machine for both roles) knows PDUs, not DIMSE messages or services. */
    @ArchTest
    static final ArchRule upperLayerKnowsNoDimse = classes().that().resideInAPackage(BASE + "dimse.ul..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "dimse.ul..", BASE + "dimse.pdu..",
                    BASE + "dicom..", "io.vertx..", "java..")
            .because("issue 22: the association core serves C-STORE, C-ECHO and what comes next alike");

    /** The packages of dimse (pdu, ul, the DIMSE services) point one way. */
    @ArchTest
    static final ArchRule noPackageCyclesInDimse = slices().matching(BASE + "dimse.(**)").should().beFreeOfCycles();

    /** Nor do two classes of dimse need each other (nested classes count as their top-level class). */
    @ArchTest
    static final ArchRule noClassCyclesInDimse = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            if (!javaClass.getPackageName().startsWith(BASE + "dimse")) {
                return SliceIdentifier.ignore();
            }
            String name = javaClass.getName();
            int nested = name.indexOf('$');
            return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
        }

        @Override
        public String getDescription() {
            return "the top-level classes of dimse";
        }
    }).should().beFreeOfCycles();
}
