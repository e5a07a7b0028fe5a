package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Member;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 item 6: the docs name the code as it is. Every {@code Class.member} that README.md and docs/*.md write
 * (the hop-by-hop walks of docs/architecture.md are made of them) must name a class of the gateway or of its tests,
 * and a method, field, record component or enum constant that class (or a type above it) declares; every test class
 * and every class named with its package ({@code relay.files.Spool}) in a code span must exist. A rename that leaves a
 * doc behind fails here, with the file and the name.
 */
class DocsMatchTheCodeTest {
    /** {@code Class.member} with an optional package path before it, e.g. {@code relay.jobs.JobRegistry.create}. */
    private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.-])(?:[a-z]+\\.)*([A-Z][A-Za-z0-9]*)\\.([a-z][A-Za-z0-9]*)\\b");
    /**
     * What follows a name and is not a member: a file's ending ({@code LayersTest.java}, {@code RESULTS.md},
     * {@code Dockerfile.jvm}) and the x of {@code Vert.x} and {@code PS3.x}.
     */
    private static final Set<String> NOT_MEMBERS = Set.of("java", "md", "json", "yaml", "yml", "jvm", "native", "txt", "properties", "x");
    /** How the walks' legend writes a hop, not a hop. */
    private static final String LEGEND = "Class.method";
    /**
     * A name in a code span: a test class ({@code RelayIT}), or a class named by its package ({@code relay.files.Spool});
     * not a part of a pattern ({@code *IT}, {@code …Test}).
     */
    private static final Pattern NAME = Pattern.compile("(?<![\\w./*…<-])((?:[a-z]+\\.)*)([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*)\\b(?![./-]\\w)");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    /** The annotations of Quarkus's test framework, which docs name as test names are named. */
    private static final Set<String> FRAMEWORK_TESTS = Set.of("QuarkusTest", "QuarkusIntegrationTest");
    private static final Path MAIN_CLASSES = Path.of("target/classes/id/dicomgateway");
    private static final List<Path> TEST_SOURCES = List.of(Path.of("src/test/java"), Path.of("src/it/java"));

    @Test
    void everyClassAndMemberTheDocsNameExists() throws IOException {
        Map<String, List<Class<?>>> mainClasses = mainClasses();
        Map<String, String> testSources = testSources();
        List<Path> docs = new ArrayList<>();
        docs.add(Path.of("README.md"));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        Set<String> wrong = new TreeSet<>();
        int checked = 0;
        for (Path doc : docs) {
            Matcher m = REFERENCE.matcher(Files.readString(doc));
            while (m.find()) {
                String type = m.group(1);
                String member = m.group(2);
                if (NOT_MEMBERS.contains(member) || m.group().equals(LEGEND)) {
                    continue;
                }
                checked++;
                List<Class<?>> classes = mainClasses.get(type);
                String test = testSources.get(type);
                if (classes != null) {
                    if (classes.stream().noneMatch(c -> declares(c, member))) {
                        wrong.add(doc + ": " + type + "." + member + " (no such member)");
                    }
                } else if (test != null) {
                    if (!Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(test).find()) {
                        wrong.add(doc + ": " + type + "." + member + " (no such test member)");
                    }
                } else {
                    wrong.add(doc + ": " + type + " (no such class)");
                }
            }
        }
        for (Path doc : docs) {
            Matcher span = CODE_SPAN.matcher(Files.readString(doc));
            while (span.find()) {
                Matcher m = NAME.matcher(span.group(1));
                while (m.find()) {
                    String pkg = m.group(1);
                    String type = m.group(2);
                    boolean test = (type.endsWith("Test") || type.endsWith("IT")) && !FRAMEWORK_TESTS.contains(type);
                    boolean ours = !pkg.isEmpty() && Files.isDirectory(MAIN_CLASSES.resolve(pkg.split("\\.")[0]));
                    if (test || ours) {
                        checked++;
                        if (!mainClasses.containsKey(type) && !testSources.containsKey(type)) {
                            wrong.add(doc + ": " + pkg + type + " (no such class)");
                        }
                    }
                }
            }
        }
        assertThat(wrong).as("names in the docs that are not in the code").isEmpty();
        // The docs were read and the walks found (a wrong working directory or pattern would pass vacuously).
        assertThat(checked).as("Class.member references checked").isGreaterThan(150);
    }

    @Test
    void aRenamedMemberIsCaught() throws IOException {
        Map<String, List<Class<?>>> mainClasses = mainClasses();
        assertThat(mainClasses.get("StudyRelay")).anyMatch(c -> declares(c, "process"));
        assertThat(mainClasses.get("StudyRelay")).noneMatch(c -> declares(c, "processStudyNoMore"));
        assertThat(mainClasses.get("ScpAssociation")).noneMatch(c -> declares(c, "onAssociateRequest"));
        // A member declared above the class counts, as getMessage of Throwable does for the API's exception.
        assertThat(mainClasses.get("ApiException")).anyMatch(c -> declares(c, "getMessage"));
    }

    private static boolean declares(Class<?> type, String member) {
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c == Object.class || !seen.add(c)) {
                continue;
            }
            Stream<Member> members = Stream.concat(Arrays.stream(c.getDeclaredMethods()), Arrays.stream(c.getDeclaredFields()));
            if (members.anyMatch(x -> x.getName().equals(member))) {
                return true;
            }
            RecordComponent[] components = c.getRecordComponents();
            if (components != null && Arrays.stream(components).anyMatch(r -> r.getName().equals(member))) {
                return true;
            }
            if (c.getSuperclass() != null) {
                todo.push(c.getSuperclass());
            }
            todo.addAll(Arrays.asList(c.getInterfaces()));
        }
        return false;
    }

    /** Every class compiled from src/main/java, nested ones too, by simple name (a name can stand for several). */
    private static Map<String, List<Class<?>>> mainClasses() throws IOException {
        Map<String, List<Class<?>>> bySimpleName = new HashMap<>();
        ClassLoader loader = DocsMatchTheCodeTest.class.getClassLoader();
        try (Stream<Path> files = Files.walk(MAIN_CLASSES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String binary = "id.dicomgateway." + MAIN_CLASSES.relativize(file).toString()
                        .replace(".class", "").replace('/', '.');
                String simple = binary.substring(Math.max(binary.lastIndexOf('.'), binary.lastIndexOf('$')) + 1);
                if (simple.isEmpty() || Character.isDigit(simple.charAt(0)) || binary.endsWith("package-info")) {
                    continue; // anonymous classes
                }
                try {
                    bySimpleName.computeIfAbsent(simple, k -> new ArrayList<>()).add(Class.forName(binary, false, loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError("cannot load " + binary, e);
                }
            }
        }
        assertThat(bySimpleName).as("main classes found").hasSizeGreaterThan(300);
        return bySimpleName;
    }

    /** The source of every test class (src/test and src/it), by simple name. */
    private static Map<String, String> testSources() throws IOException {
        Map<String, String> bySimpleName = new HashMap<>();
        for (Path root : TEST_SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    bySimpleName.put(file.getFileName().toString().replace(".java", ""), Files.readString(file));
                }
            }
        }
        return bySimpleName;
    }
}
