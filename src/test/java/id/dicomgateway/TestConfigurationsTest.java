package id.dicomgateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each distinct test configuration costs the phase that runs it a Quarkus augmentation at JUnit discovery (Quarkus
 * 3.33's FacadeClassLoader builds one per configuration, one after another, before the first test runs: about 6 s
 * each on CI) and an application start later (issue 22 step 5: keep CI under 15 minutes). A configuration is what
 * FacadeClassLoader keys its applications by: the {@code @TestProfile} class and the set of test resources
 * ({@code @WithTestResource}, {@code @QuarkusTestResource}, the profile's {@code testResources()}); a resource
 * restricted to its class makes a configuration of its own. A class the phase does not include costs nothing (the
 * {@code ReceiveBench} benchmark: no phase's name pattern matches it), but FacadeClassLoader skips only classes marked
 * {@code @Disabled} or {@code @DisabledOnOs}: a class another condition turns off still costs its augmentation.
 *
 * <p>This test counts them per phase, so that the count cannot grow unnoticed. Print the table with
 * {@code ./mvnw -o -q test -Dtest=TestConfigurationsTest -Dtest.configurations.print=true}.
 */
class TestConfigurationsTest {

    /** The most configurations each phase may have (issue 22 step 5). Lower it when you merge some; never raise it lightly. */
    static final int MAX_UNIT = 8;
    /**
     * 16: DashboardSatusehatBrowserIT shares the configuration of SatusehatChecksIT and StudySearchIT. (17 since the
     * Orders tab, OrdersTabBrowserIT: a viewer and an operator sign in with passwords in Chromium, which SecuredProfile,
     * the other signed-in group, would rate-limit from 127.0.0.1 and has no viewer user for.)
     */
    static final int MAX_INTEGRATION = 16;

    static final String HOW_TO_STAY_WITHIN = "Each distinct (@TestProfile, test resources) costs ~6 s of JUnit discovery"
            + " and an application start. Reuse a configuration that exists (a shared profile such as"
            + " id.dicomgateway.testing.DemoProfile, or the same @WithTestResource set as a group below) instead of"
            + " a new profile; if the new one is truly needed, raise the limit in TestConfigurationsTest and say why"
            + " in the commit.";

    /** Which phase runs a class, by surefire's and failsafe's default include patterns (pom.xml adds none). */
    enum Phase { UNIT, INTEGRATION, NONE }

    static Phase phase(String simpleName) {
        if (simpleName.endsWith("IT") || simpleName.startsWith("IT") || simpleName.endsWith("ITCase")) {
            return Phase.INTEGRATION;
        }
        if (simpleName.endsWith("Test") || simpleName.startsWith("Test") || simpleName.endsWith("Tests")
                || simpleName.endsWith("TestCase")) {
            return Phase.UNIT;
        }
        return Phase.NONE;
    }

    /** The configuration of one {@code @QuarkusTest} class, as FacadeClassLoader keys it; null for any other class. */
    static String configuration(Class<?> c) throws ReflectiveOperationException {
        if (!AnnotationSupport.isAnnotated(c, QuarkusTest.class) || AnnotationSupport.isAnnotated(c, QuarkusIntegrationTest.class)
                || AnnotationSupport.isAnnotated(c, Disabled.class)) {
            return null;
        }
        Class<? extends QuarkusTestProfile> profile = AnnotationSupport.findAnnotation(c, TestProfile.class)
                .<Class<? extends QuarkusTestProfile>>map(TestProfile::value).orElse(null);
        Set<String> resources = new TreeSet<>();
        boolean restricted = false;
        for (WithTestResource r : AnnotationSupport.findRepeatableAnnotations(c, WithTestResource.class)) {
            resources.add(r.value().getSimpleName());
            restricted |= r.scope() == TestResourceScope.RESTRICTED_TO_CLASS;
        }
        for (QuarkusTestResource r : AnnotationSupport.findRepeatableAnnotations(c, QuarkusTestResource.class)) {
            // An unrestricted @QuarkusTestResource is global: in every configuration alike, so it tells none apart.
            if (r.restrictToAnnotatedClass()) {
                resources.add(r.value().getSimpleName());
                restricted = true;
            }
        }
        if (profile != null) {
            for (QuarkusTestProfile.TestResourceEntry e : profile.getDeclaredConstructor().newInstance().testResources()) {
                resources.add(e.getClazz().getSimpleName());
            }
        }
        String name = profile == null ? "no profile" : profile.getName().substring(profile.getPackageName().length() + 1);
        return name + " + " + resources + (restricted ? " (restricted to " + c.getSimpleName() + ")" : "");
    }

    /** Phase → configuration → the classes that have it. */
    static Map<Phase, Map<String, List<String>>> configurations() throws IOException, ReflectiveOperationException {
        Path root = Path.of("target/test-classes");
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.map(p -> root.relativize(p).toString())
                    .filter(p -> p.endsWith(".class") && !p.contains("$"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
        Map<Phase, Map<String, List<String>>> byPhase = new TreeMap<>();
        for (String name : names) {
            Class<?> c = Class.forName(name, false, TestConfigurationsTest.class.getClassLoader());
            Phase phase = phase(c.getSimpleName());
            String configuration = configuration(c);
            if (configuration != null && phase != Phase.NONE) {
                byPhase.computeIfAbsent(phase, p -> new TreeMap<>())
                        .computeIfAbsent(configuration, k -> new ArrayList<>()).add(c.getSimpleName());
            }
        }
        return byPhase;
    }

    static String table(Map<String, List<String>> configurations) {
        return configurations.entrySet().stream()
                .map(e -> String.format("  %-70s %2d: %s", e.getKey(), e.getValue().size(), String.join(" ", e.getValue())))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void eachPhaseKeepsItsNumberOfQuarkusConfigurations() throws Exception {
        Map<Phase, Map<String, List<String>>> byPhase = configurations();
        Map<String, List<String>> unit = byPhase.getOrDefault(Phase.UNIT, Map.of());
        Map<String, List<String>> integration = byPhase.getOrDefault(Phase.INTEGRATION, Map.of());
        if (Boolean.getBoolean("test.configurations.print")) {
            System.out.println("unit phase: " + unit.size() + " configurations\n" + table(unit));
            System.out.println("integration phase: " + integration.size() + " configurations\n" + table(integration));
        }
        assertThat(unit.size()).as("Quarkus configurations of the unit phase (./mvnw test):\n%s\n%s", table(unit), HOW_TO_STAY_WITHIN)
                .isLessThanOrEqualTo(MAX_UNIT);
        assertThat(integration.size()).as("Quarkus configurations of the integration phase (failsafe):\n%s\n%s", table(integration),
                HOW_TO_STAY_WITHIN).isLessThanOrEqualTo(MAX_INTEGRATION);
    }

    @Test
    void theCountSeesWhatFacadeClassLoaderSees() throws Exception {
        Map<Phase, Map<String, List<String>>> byPhase = configurations();
        // A test that has no profile and no resource shares the plain application; a profile's own resources count.
        assertThat(byPhase.get(Phase.UNIT).get("no profile + []")).contains("DemoOffTest", "OpenApiDocumentTest");
        assertThat(byPhase.get(Phase.INTEGRATION).get("FaultProfile + [FaultPeers, SatusehatWireMock]")).contains("RelayFaultIT");
        // An @QuarkusIntegrationTest starts the packaged jar, not an application of its own at discovery.
        assertThat(byPhase.get(Phase.INTEGRATION).values().stream().flatMap(List::stream)).doesNotContain("GeneratedClientIT");
        assertThat(phase("ReceiveBench")).isEqualTo(Phase.NONE);
    }
}
