package id.dicomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests and Dockerfiles must agree with the application they deploy: these
 * cannot be applied here (no cluster, no Docker engine), so everything checkable is checked from
 * the files: ports, health paths, environment, the temporary area, security settings.
 */
class ManifestsTest {
    private static final Path ROOT = projectRoot();
    private static final Path BASE = ROOT.resolve("k8s/base");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:)?");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Properties properties;
    private static Map<String, Boolean> envReadByApp; // name -> has a default
    private static List<JsonNode> manifests;
    /** The gateway's pods: a StatefulSet, each pod with its own data volume. */
    private static JsonNode pods;
    private static JsonNode container;

    @BeforeAll
    static void load() throws IOException {
        properties = new Properties();
        Path props = ROOT.resolve("src/main/resources/application.properties");
        try (var reader = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        envReadByApp = new HashMap<>();
        for (String line : Files.readAllLines(props, StandardCharsets.UTF_8)) {
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            // Defaults may nest (${PACS_DICOMWEB_URL:${DCM4CHEE_URL:...}/rs}): every ${NAME is a read.
            Matcher m = ENV_REFERENCE.matcher(line);
            while (m.find()) {
                envReadByApp.merge(m.group(1), m.group(2) != null, Boolean::logicalOr);
            }
        }
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(BASE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                manifests.addAll(readAll(f));
            }
        }
        pods = only("StatefulSet");
        container = pods.at("/spec/template/spec/containers/0");
    }

    /** The directory holding pom.xml at or above the working directory (a surefire execution may run in target/). */
    private static Path projectRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root with pom.xml and k8s/ above " + System.getProperty("user.dir"));
    }

    private static List<JsonNode> readAll(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static JsonNode only(String kind) {
        List<JsonNode> found = manifests.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertThat(found).as("exactly one %s in k8s/base", kind).hasSize(1);
        return found.get(0);
    }

    private static int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    @Test
    void serviceExposesTheApplicationPortThroughTheNamedContainerPort() {
        JsonNode port = only("Service").at("/spec/ports/0");
        assertThat(port.path("port").asInt()).isEqualTo(httpPort());
        String target = port.path("targetPort").asText();
        JsonNode containerPort = null;
        for (JsonNode p : container.path("ports")) {
            if (target.equals(p.path("name").asText()) || target.equals(p.path("containerPort").asText())) {
                containerPort = p;
            }
        }
        assertThat(containerPort).as("container port for Service targetPort %s", target).isNotNull();
        assertThat(containerPort.path("containerPort").asInt()).isEqualTo(httpPort());
    }

    @Test
    void probesUseTheHealthEndpoints() {
        String root = properties.getProperty("quarkus.http.non-application-root-path", "q");
        String health = "/" + root.replaceAll("^/|/$", "") + "/"
                + properties.getProperty("quarkus.smallrye-health.root-path", "health").replaceAll("^/|/$", "");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo(health + "/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(health + "/ready");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode port = container.path(probe).at("/httpGet/port");
            assertThat(port.asText().equals("management") || port.asInt() == managementPort())
                    .as(probe + " port: health is served on the management interface only").isTrue();
        }
    }

    private static int managementPort() {
        assertThat(properties.getProperty("quarkus.management.enabled")).as("quarkus.management.enabled").isEqualTo("true");
        return Integer.parseInt(properties.getProperty("quarkus.management.port", "9000"));
    }

    private static int containerPort(String name) {
        for (JsonNode p : container.path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** Issue 23 item 5: health and metrics are reached on the management port, which only monitoring may reach. */
    @Test
    void healthAndMetricsHaveTheirOwnPortThatOnlyMonitoringReaches() throws IOException {
        int management = managementPort();
        assertThat(management).isNotEqualTo(httpPort());
        assertThat(containerPort("management")).isEqualTo(management);
        assertThat(only("Service").at("/spec/ports/0/port").asInt()).as("the ingress's port").isEqualTo(httpPort());
        boolean monitoringRule = false;
        for (JsonNode rule : only("NetworkPolicy").at("/spec/ingress")) {
            List<Integer> ports = new ArrayList<>();
            rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
            if (ports.contains(management)) {
                assertThat(ports).as("the management port shares no rule with the public one").doesNotContain(httpPort());
                assertThat(rule.path("from").toString()).as("who may reach the management port")
                        .contains("dicom-gateway/monitoring").doesNotContain("dicom-gateway/client").doesNotContain("ipBlock");
                monitoringRule = true;
            }
        }
        assertThat(monitoringRule).as("a NetworkPolicy ingress rule for the management port").isTrue();
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
            assertThat(Files.readString(ROOT.resolve("src/main/docker").resolve(name))).as(name).contains("EXPOSE " + management);
        }
    }

    private static Map<String, String> overlayLiterals() throws IOException {
        JsonNode overlay = YAML.readTree(ROOT.resolve("k8s/overlays/example-hospital/kustomization.yaml").toFile());
        Map<String, String> literals = new HashMap<>();
        for (JsonNode generator : overlay.path("configMapGenerator")) {
            for (JsonNode literal : generator.path("literals")) {
                String l = literal.asText();
                literals.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return literals;
    }

    /** Issue 23 item 4: no forwarded header is believed by default; the overlay names its ingress. */
    @Test
    void onlyTheNamedIngressMaySpeakForAClient() throws IOException {
        assertThat(properties.getProperty("quarkus.http.proxy.trusted-proxies")).isEqualTo("${GATEWAY_TRUSTED_PROXIES:}");
        assertThat(only("ConfigMap").at("/data/GATEWAY_TRUSTED_PROXIES").asText("missing")).as("base: nobody").isEmpty();
        assertThat(overlayLiterals().get("GATEWAY_TRUSTED_PROXIES")).as("the overlay names the ingress").isNotBlank();
    }

    /** Issue 23 item 8: a listening Storage SCP names who may send, or the gateway would refuse to start. */
    @Test
    void theStorageScpNamesItsSenders() throws IOException {
        JsonNode data = only("ConfigMap").path("data");
        if (data.path("GATEWAY_SCP_PORT").asText("").isBlank()) {
            return;
        }
        assertThat(data.path("GATEWAY_SCP_ALLOW_ANY").asText("false")).as("base: not open to any sender").isEqualTo("false");
        Map<String, String> overlay = overlayLiterals();
        assertThat(overlay.getOrDefault("GATEWAY_SCP_ALLOWED_AETS", "") + overlay.getOrDefault("GATEWAY_SCP_ALLOWED_ADDRESSES", ""))
                .as("the overlay names the PACS in GATEWAY_SCP_ALLOWED_AETS or GATEWAY_SCP_ALLOWED_ADDRESSES").isNotBlank();
        assertThat(overlay.get("GATEWAY_SCP_ALLOW_ANY")).isNull();
    }

    @Test
    void everyEnvironmentVariableTheAppReadsIsSetOrDocumentedAsOptional() throws IOException {
        Set<String> provided = new TreeSet<>();
        for (JsonNode e : container.path("env")) {
            provided.add(e.path("name").asText());
        }
        JsonNode configMap = only("ConfigMap");
        String configMapName = configMap.at("/metadata/name").asText();
        for (JsonNode from : container.path("envFrom")) {
            assertThat(from.at("/configMapRef/name").asText()).isEqualTo(configMapName);
            configMap.path("data").fieldNames().forEachRemaining(provided::add);
        }
        // The README points to docs/, where the variables are explained (docs/configuration.md lists them all).
        StringBuilder readme = new StringBuilder(Files.readString(ROOT.resolve("README.md")));
        try (var pages = Files.list(ROOT.resolve("docs"))) {
            for (Path page : pages.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                readme.append(Files.readString(page));
            }
        }
        assertThat(envReadByApp).as("application.properties names the environment it reads").isNotEmpty();
        for (var e : envReadByApp.entrySet()) {
            String name = e.getKey();
            boolean hasDefault = e.getValue();
            if (!hasDefault) {
                assertThat(provided).as("%s has no default, so the StatefulSet must set it", name).contains(name);
            }
            if (!provided.contains(name)) {
                assertThat(readme.toString()).as("%s is optional and must be documented in README.md or docs/", name).contains("`" + name + "`");
            }
        }
        // The reverse catches typos: a variable set in the manifests that the app never reads.
        assertThat(envReadByApp.keySet()).as("variables set by the manifests").containsAll(provided);
    }

    @Test
    void temporaryAreaIsASizeLimitedEmptyDirMountedWhereTempDirPoints() {
        String tempDir = null;
        for (JsonNode e : container.path("env")) {
            if ("TEMP_DIR".equals(e.path("name").asText())) {
                tempDir = e.path("value").asText();
            }
        }
        assertThat(tempDir).as("TEMP_DIR set on the container").isNotBlank();
        assertThat(envReadByApp).containsKey("TEMP_DIR");
        String volumeName = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (tempDir.equals(m.path("mountPath").asText())) {
                volumeName = m.path("name").asText();
                assertThat(m.path("readOnly").asBoolean(false)).isFalse();
            }
        }
        assertThat(volumeName).as("a volume mounted at TEMP_DIR=%s", tempDir).isNotNull();
        JsonNode volume = null;
        for (JsonNode v : pods.at("/spec/template/spec/volumes")) {
            if (volumeName.equals(v.path("name").asText())) {
                volume = v;
            }
        }
        assertThat(volume).isNotNull();
        assertThat(volume.at("/emptyDir/sizeLimit").asText()).as("emptyDir sizeLimit of the temp area").isNotBlank();
    }

    /**
     * Issue 23 item 7: every cap the gateway enforces on disk fits the volume it is on, as the pod
     * runs it (the ConfigMap's value, else application.properties' default), so a quota is what
     * refuses a request (507, A700), never the volume filling: one request's allowance
     * (TEMP_MAX_REQUEST_SIZE, which an upload of UPLOAD_MAX_SIZE is written into) fits in
     * GATEWAY_TEMP_QUOTA, which fits in the temp-area emptyDir, as does one received association;
     * GATEWAY_SPOOL_QUOTA fits in the data volume; the pod's ephemeral-storage limit holds its emptyDirs.
     */
    @Test
    void diskCapsFitTheVolumesTheyAreOn() {
        long upload = effectiveBytes("gateway.upload.max-size");
        long request = effectiveBytes("gateway.temp.max-request-size");
        long tempQuota = effectiveBytes("gateway.disk.temp-quota");
        long association = effectiveBytes("gateway.receive.max-association-size");
        long spoolQuota = effectiveBytes("gateway.disk.spool-quota");
        long tempVolume = quantity(volumeAt("TEMP_DIR").at("/emptyDir/sizeLimit").asText());
        long dataVolume = quantity(claimAt("GATEWAY_DATA_DIR").at("/spec/resources/requests/storage").asText());

        assertThat(upload).as("UPLOAD_MAX_SIZE <= TEMP_MAX_REQUEST_SIZE (the upload is written into the request's allowance)")
                .isLessThanOrEqualTo(request);
        assertThat(request).as("TEMP_MAX_REQUEST_SIZE <= GATEWAY_TEMP_QUOTA").isLessThanOrEqualTo(tempQuota);
        assertThat(association).as("GATEWAY_SCP_MAX_ASSOCIATION_SIZE <= GATEWAY_TEMP_QUOTA").isLessThanOrEqualTo(tempQuota);
        assertThat(tempQuota).as("GATEWAY_TEMP_QUOTA <= the temp-area volume's sizeLimit").isLessThanOrEqualTo(tempVolume);
        assertThat(spoolQuota).as("GATEWAY_SPOOL_QUOTA <= the data volume's storage").isLessThanOrEqualTo(dataVolume);
        long emptyDirs = 0;
        for (JsonNode v : pods.at("/spec/template/spec/volumes")) {
            String limit = v.at("/emptyDir/sizeLimit").asText();
            assertThat(limit).as("emptyDir %s has a sizeLimit", v.path("name").asText()).isNotBlank();
            emptyDirs += quantity(limit);
        }
        assertThat(quantity(container.at("/resources/limits/ephemeral-storage").asText()))
                .as("ephemeral-storage limit >= the emptyDirs' sizeLimits (they count against it)").isGreaterThanOrEqualTo(emptyDirs);
    }

    /** A MemorySize property as the pod sees it: {@code ${ENV:default}} with ENV from the container's env or ConfigMap. */
    private static long effectiveBytes(String property) {
        String raw = properties.getProperty(property);
        assertThat(raw).as("%s in application.properties", property).isNotBlank();
        Matcher m = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}$").matcher(raw.strip());
        String value = raw.strip();
        if (m.matches()) {
            value = m.group(2);
            String fromPod = podEnv().get(m.group(1));
            if (fromPod != null && !fromPod.isBlank()) {
                value = fromPod;
            }
        }
        return memorySize(value);
    }

    private static Map<String, String> podEnv() {
        Map<String, String> env = new HashMap<>();
        only("ConfigMap").path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    /** Quarkus MemorySize: a number with an optional K, M, G or T suffix, powers of 1024. */
    static long memorySize(String s) {
        Matcher m = Pattern.compile("(?i)^(\\d+)([KMGT]?)B?$").matcher(s.strip());
        assertThat(m.matches()).as("memory size %s", s).isTrue();
        int shift = switch (m.group(2).toUpperCase()) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** A Kubernetes quantity: Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T (powers of 1000). */
    static long quantity(String s) {
        Matcher m = Pattern.compile("^(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$").matcher(s.strip());
        assertThat(m.matches()).as("Kubernetes quantity %s", s).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2) == null ? n : switch (m.group(2)) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "Ti" -> n << 40;
            case "k" -> n * 1000L;
            case "M" -> n * 1000_000L;
            case "G" -> n * 1000_000_000L;
            default -> n * 1000_000_000_000L;
        };
    }

    private static String mountedVolumeOf(String envName) {
        String path = podEnv().get(envName);
        assertThat(path).as("%s set on the container", envName).isNotBlank();
        for (JsonNode m : container.path("volumeMounts")) {
            if (path.equals(m.path("mountPath").asText())) {
                return m.path("name").asText();
            }
        }
        throw new AssertionError("no volume mounted at " + envName + "=" + path);
    }

    private static JsonNode volumeAt(String envName) {
        String name = mountedVolumeOf(envName);
        for (JsonNode v : pods.at("/spec/template/spec/volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no pod volume " + name);
    }

    private static JsonNode claimAt(String envName) {
        String name = mountedVolumeOf(envName);
        for (JsonNode c : pods.at("/spec/volumeClaimTemplates")) {
            if (name.equals(c.at("/metadata/name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no volumeClaimTemplate " + name);
    }

    /**
     * The spool (uploads and received studies whose jobs have not ended) must outlive the pod: it is
     * on the pod's own claim, not an emptyDir, and kept when the set scales down, so a pod that comes
     * back on it takes its file jobs back (docs/job-store.md, "The spool").
     */
    @Test
    void theDataDirectoryIsOnEachPodsOwnVolumeKeptWhenScaledDown() {
        assertThat(envReadByApp).containsKey("GATEWAY_DATA_DIR");
        String dataDir = null;
        for (JsonNode e : container.path("env")) {
            if ("GATEWAY_DATA_DIR".equals(e.path("name").asText())) {
                dataDir = e.path("value").asText();
            }
        }
        assertThat(dataDir).as("GATEWAY_DATA_DIR set on the container").startsWith("/");
        String volumeName = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (dataDir.equals(m.path("mountPath").asText())) {
                volumeName = m.path("name").asText();
            }
        }
        assertThat(volumeName).as("a volume mounted at GATEWAY_DATA_DIR=%s", dataDir).isNotNull();
        for (JsonNode v : pods.at("/spec/template/spec/volumes")) {
            assertThat(v.path("name").asText()).as("the data volume is no pod volume (an emptyDir dies with the pod)").isNotEqualTo(volumeName);
        }
        JsonNode claim = null;
        for (JsonNode c : pods.at("/spec/volumeClaimTemplates")) {
            if (volumeName.equals(c.at("/metadata/name").asText())) {
                claim = c;
            }
        }
        assertThat(claim).as("a volumeClaimTemplate named %s", volumeName).isNotNull();
        assertThat(claim.at("/spec/accessModes").toString()).contains("ReadWriteOnce");
        assertThat(claim.at("/spec/resources/requests/storage").asText()).isNotBlank();
        assertThat(pods.at("/spec/persistentVolumeClaimRetentionPolicy/whenScaled").asText()).isEqualTo("Retain");
        assertThat(pods.at("/spec/serviceName").asText()).isEqualTo(only("Service").at("/metadata/name").asText());
        assertThat(only("HorizontalPodAutoscaler").at("/spec/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
    }

    @Test
    void podRunsAsNonRootOnAReadOnlyRootFilesystemWithoutCapabilities() {
        assertThat(pods.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        JsonNode sc = container.path("securityContext");
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(sc.at("/capabilities/drop").toString()).contains("\"ALL\"");
        assertThat(container.at("/resources/requests/memory").asText()).isNotBlank();
        assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();
    }

    @Test
    void credentialsComeFromASecretThatIsNeverCommitted() throws IOException {
        Set<String> secretKeys = new HashSet<>();
        for (JsonNode e : container.path("env")) {
            JsonNode ref = e.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                secretKeys.add(e.path("name").asText());
            }
        }
        assertThat(secretKeys).contains("SATUSEHAT_CLIENT_ID", "SATUSEHAT_CLIENT_SECRET", "GATEWAY_DB_PASSWORD",
                "ROUTER_WEBHOOK_PASSWORD");
        assertThat(only("ConfigMap").path("data").has("ROUTER_WEBHOOK_PASSWORD")).isFalse();
        assertThat(only("ConfigMap").path("data").has("SATUSEHAT_CLIENT_SECRET")).isFalse();
        assertThat(only("ConfigMap").path("data").has("GATEWAY_DB_PASSWORD")).isFalse();
        try (Stream<Path> all = Files.walk(ROOT.resolve("k8s"))) {
            for (Path f : all.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (JsonNode doc : readAll(f)) {
                    if ("Secret".equals(doc.path("kind").asText())) {
                        assertThat(doc.has("data") || doc.has("stringData")).as("Secret with values in " + f).isFalse();
                    }
                }
            }
        }
    }

    /**
     * Replicas share their jobs only through PostgreSQL (store/): with more than one pod possible,
     * the ConfigMap must name it, the password must come from a Secret, and the NetworkPolicy must
     * let the pods reach its port.
     */
    @Test
    void replicasShareOneJobStoreTheyMayReach() {
        int replicas = pods.at("/spec/replicas").asInt(1);
        int most = Math.max(replicas, only("HorizontalPodAutoscaler").at("/spec/maxReplicas").asInt(1));
        assertThat(most).isGreaterThan(1);
        JsonNode data = only("ConfigMap").path("data");
        String url = data.path("GATEWAY_DB_URL").asText();
        assertThat(url).as("GATEWAY_DB_URL in the ConfigMap").startsWith("jdbc:postgresql://");
        assertThat(data.path("GATEWAY_DB_USER").asText()).as("GATEWAY_DB_USER in the ConfigMap").isNotBlank();
        Matcher hostPort = Pattern.compile("^jdbc:postgresql://[^/:]+(?::(\\d+))?/").matcher(url);
        assertThat(hostPort.find()).as("host and database in %s", url).isTrue();
        int port = hostPort.group(1) == null ? 5432 : Integer.parseInt(hostPort.group(1));
        boolean reachable = false;
        for (JsonNode rule : only("NetworkPolicy").at("/spec/egress")) {
            for (JsonNode p : rule.path("ports")) {
                reachable |= p.path("port").asInt() == port && "TCP".equals(p.path("protocol").asText("TCP"));
            }
        }
        assertThat(reachable).as("an egress rule to the database's port %d", port).isTrue();
        boolean fromSecret = false;
        for (JsonNode e : container.path("env")) {
            if ("GATEWAY_DB_PASSWORD".equals(e.path("name").asText())) {
                fromSecret = !e.at("/valueFrom/secretKeyRef/name").asText().isEmpty()
                        && !e.at("/valueFrom/secretKeyRef/optional").asBoolean(false);
            }
        }
        assertThat(fromSecret).as("GATEWAY_DB_PASSWORD from a Secret that must exist").isTrue();
    }

    @Test
    void gracePeriodOutlastsTheApplicationsShutdownTimeout() {
        String timeout = properties.getProperty("quarkus.shutdown.timeout");
        assertThat(timeout).as("quarkus.shutdown.timeout set so running studies can end").isNotBlank();
        String drain = properties.getProperty("gateway.shutdown.drain-timeout");
        assertThat(drain).as("gateway.shutdown.drain-timeout set so background jobs can end").isNotBlank();
        // Requests are drained first, then background jobs: the pod must outlive both.
        long appSeconds = Duration.parse("PT" + timeout.toUpperCase()).toSeconds()
                + Duration.parse("PT" + drain.toUpperCase()).toSeconds();
        long grace = pods.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        assertThat(grace).isGreaterThan(appSeconds);
    }

    @Test
    void theSetIsCompleteAndHasTheObjectsAHospitalNeeds() throws IOException {
        JsonNode kustomization = readAll(BASE.resolve("kustomization.yaml")).get(0);
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(BASE)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(present::add);
        }
        assertThat(listed).isEqualTo(present);
        for (String kind : List.of("StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy")) {
            only(kind);
        }
        assertThat(only("NetworkPolicy").at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
        assertThat(only("HorizontalPodAutoscaler").at("/spec/scaleTargetRef/name").asText())
                .isEqualTo(pods.at("/metadata/name").asText());
    }

    @Test
    void dockerfilesAgreeWithTheManifests() throws IOException {
        String tempDir = container.path("env").findValues("value").stream().map(JsonNode::asText)
                .filter(v -> v.startsWith("/")).findFirst().orElseThrow();
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
            String dockerfile = Files.readString(ROOT.resolve("src/main/docker").resolve(name));
            assertThat(dockerfile).as(name).contains("EXPOSE " + httpPort());
            assertThat(dockerfile).as(name).contains("ENV TEMP_DIR=" + tempDir);
            Matcher user = Pattern.compile("(?m)^USER (\\S+)\\s*$").matcher(dockerfile);
            String last = null;
            while (user.find()) {
                last = user.group(1);
            }
            assertThat(last).as(name + ": final USER").isNotNull().isNotEqualTo("root").isNotEqualTo("0");
        }
    }

    @Test
    void kustomizeRendersBaseAndOverlayWhenKubectlIsAvailable() throws Exception {
        Path kubectl = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl not installed");
        for (String dir : List.of("k8s/base", "k8s/overlays/example-hospital")) {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir).directory(ROOT.toFile())
                    .redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize %s:%n%s", dir, out).isZero();
            assertThat(out).contains("kind: StatefulSet");
        }
    }
}
