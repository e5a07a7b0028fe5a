package id.dicomgateway;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The naming rule of the two test phases (issue 22 step 5), checked so it cannot drift: a class named
 * {@code …Test} runs in {@code ./mvnw test} and needs only a JDK (WireMock, FakeScp, PacsStub, H2 and an
 * in-JVM Quarkus are fine); a class that starts or calls a real peer (DCMTK, Orthanc, PostgreSQL, Chromium,
 * pydicom, python3, ...) is named {@code …IT} and runs in the integration phase ({@code ./mvnw verify},
 * failsafe, after .ci/peers.sh has installed the peers).
 */
class TestNamingTest {

    /** The fixtures that start or call a real peer. A new one belongs here. */
    static final Set<String> PEER_FIXTURES = Set.of(
            "id.dicomgateway.testing.OrthancResource",
            "id.dicomgateway.testing.RouterResource",
            "id.dicomgateway.testing.SwitchableRouterResource",
            "id.dicomgateway.testing.Router",
            "id.dicomgateway.testing.StoreScpProcess",
            "id.dicomgateway.testing.PostgresProcess",
            "id.dicomgateway.testing.PostgresResource",
            "id.dicomgateway.dimse.DcmtkTool",
            "id.dicomgateway.dimse.OrthancProcess",
            "id.dicomgateway.dicom.Peers",
            "id.dicomgateway.api.Pydicom",
            "id.dicomgateway.api.Dcmdump",
            "id.dicomgateway.receive.Senders",
            "id.dicomgateway.ui.Browser");

    /** Programs of the peers, as a unit test would start them (ProcessBuilder, Runtime.exec). */
    static final Pattern PEER_PROGRAM = Pattern.compile("\"(?:/usr/s?bin/)?(storescp|storescu|echoscu|findscu|dcmdump"
            + "|dcmodify|dcmsend|dcmconv|img2dcm|Orthanc|chromium|chromedriver|python3?|psql|pg_ctl|initdb|postgres"
            + "|promtool|docker|docker-compose)\"");

    static final Path TEST_SOURCES = Path.of("src/test/java");

    static JavaClasses testClasses;

    @BeforeAll
    static void importTestClasses() {
        // The compiled test classes only: main classes never depend on test fixtures, and resolving every
        // library class from the classpath would take a minute.
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            testClasses = new ClassFileImporter().importPath(Path.of("target/test-classes"));
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    /** A unit test class, with its nested classes (profiles, helpers). */
    static final DescribedPredicate<JavaClass> UNIT_TEST = DescribedPredicate.describe("named …Test",
            c -> topLevel(c).getSimpleName().endsWith("Test"));

    /** A peer fixture, or an IT class (whose helpers may start a peer). */
    static final DescribedPredicate<JavaClass> PEER_OR_IT = DescribedPredicate.describe(
            "a peer fixture " + PEER_FIXTURES + " or an …IT class",
            c -> PEER_FIXTURES.contains(topLevel(c).getName()) || topLevel(c).getSimpleName().endsWith("IT"));

    static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t;
    }

    static ArchRule unitTestsNeedOnlyAJdk() {
        return noClasses().that(UNIT_TEST).should().transitivelyDependOnClassesThat(PEER_OR_IT)
                .because("a …Test runs in ./mvnw test, which needs only a JDK; a test that starts or calls a real"
                        + " peer is named …IT and runs in ./mvnw verify (failsafe)");
    }

    @Test
    void noUnitTestDependsOnAPeerFixtureOrAnIt() {
        unitTestsNeedOnlyAJdk().check(testClasses);
    }

    @Test
    void theRuleSeesThePeerFixturesItNames() {
        for (String name : PEER_FIXTURES) {
            assertThat(testClasses.contain(name)).as("peer fixture %s exists (rename it here too)", name).isTrue();
        }
        // The same rule applied to the ITs must fail: it sees a dependency through an annotation
        // (@WithTestResource(OrthancResource.class)) and through a helper.
        EvaluationResult onIts = noClasses().that(DescribedPredicate.describe("named …IT",
                        (JavaClass c) -> topLevel(c).getSimpleName().endsWith("IT")))
                .should().transitivelyDependOnClassesThat(DescribedPredicate.describe("peer fixtures",
                        (JavaClass c) -> PEER_FIXTURES.contains(topLevel(c).getName())))
                .evaluate(testClasses);
        String report = String.join("\n", onIts.getFailureReport().getDetails());
        assertThat(report).contains("RelayIT", "PacsClientIT", "CorpusEditIT", "DashboardBrowserIT");
    }

    /**
     * Failsafe runs the integration tests in two lanes (pom.xml): classes are concurrent by default, and every
     * {@code @QuarkusTest} or {@code @QuarkusIntegrationTest} IT says {@code @Execution(SAME_THREAD)}, so that the
     * Quarkus ones run one after another: two applications in one JVM at once would share static state.
     */
    @Test
    void everyQuarkusItRunsInTheQuarkusLane() {
        List<String> wrong = new ArrayList<>();
        int quarkusIts = 0;
        for (JavaClass c : testClasses) {
            boolean quarkus = c.isAnnotatedWith(QuarkusTest.class) || c.isAnnotatedWith(QuarkusIntegrationTest.class);
            if (quarkus && c.getSimpleName().endsWith("IT")) {
                quarkusIts++;
                boolean sameThread = c.tryGetAnnotationOfType(Execution.class).map(e -> e.value() == ExecutionMode.SAME_THREAD)
                        .orElse(false);
                if (!sameThread) {
                    wrong.add(c.getName());
                }
            }
        }
        assertThat(quarkusIts).as("Quarkus ITs seen").isPositive();
        assertThat(wrong).as("Quarkus ITs without @Execution(SAME_THREAD)").isEmpty();
    }

    @Test
    void noUnitTestStartsAPeerProgram() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("Test.java")).sorted().toList()) {
                Matcher m = PEER_PROGRAM.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(TEST_SOURCES.relativize(f) + ": " + m.group());
                }
            }
        }
        assertThat(found).as("peer programs named in …Test classes (rename the class to …IT)").isEmpty();
        assertThat(PEER_PROGRAM.matcher("new ProcessBuilder(\"/usr/bin/python3\", script)").find()).isTrue();
    }
}
