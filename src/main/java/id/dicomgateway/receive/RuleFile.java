package id.dicomgateway.receive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dicomgateway.dicom.AttributeReader.AttributePath;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the rules file ({@code GATEWAY_RULES}: YAML when it ends in .yaml or .yml, else JSON) and checks all of it, so a mistake stops the
 * gateway at start with a message naming the line, instead of mis-filing studies later:
 *
 * <pre>{@code
 * {"rules": [
 *   {"name": "no-presentation-states", "match": {"sopClass": ["1.2.840.10008.5.1.4.1.1.11.1"]}, "action": "skip"},
 *   {"name": "ct-from-ris", "match": {"callingAe": "CT01", "modality": ["CT"], "attributes": {"StudyID": "A.*"}},
 *    "set": {"accessionNumber": {"from": "RequestAttributesSequence/RequestedProcedureID"},
 *            "patientId": {"from": "OtherPatientIDs", "regex": "MRN(\\d+)"}}},
 *   {"name": "rest", "action": "forward"}
 * ]}
 * }</pre>
 *
 * The same in YAML: {@code rules:} then one {@code - name: ...} per rule. A top-level array (list) of rules is accepted too. Names are unique; unknown keys are errors.
 */
public final class RuleFile {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final JsonFactory YAML = YAMLFactory.builder().build();
    private static final Set<String> RULE_KEYS = Set.of("name", "match", "action", "set");
    private static final Set<String> MATCH_KEYS = Set.of("callingAe", "modality", "sopClass", "attributes");
    private static final Set<String> SET_KEYS = Set.of("accessionNumber", "patientId");
    private static final Set<String> SOURCE_KEYS = Set.of("from", "regex");

    /** A JSON value with the line it starts on. */
    private record Node(Object value, int line) {
        @SuppressWarnings("unchecked")
        Map<String, Node> object() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> array() {
            return (List<Node>) value;
        }
    }

    private final String name;
    private final JsonFactory factory;

    private RuleFile(String name, boolean yaml) {
        this.name = name;
        this.factory = yaml ? YAML : JSON;
    }

    private static boolean yaml(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** Reads and checks {@code file}; a {@link RuleException} says what is wrong and on which line. */
    public static Rules read(Path file) {
        String shown = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new RuleFile(shown, yaml(shown)).parse(reader);
        } catch (NoSuchFileException e) {
            throw new RuleException("GATEWAY_RULES: the rules file " + shown + " does not exist");
        } catch (IOException e) {
            throw new RuleException("GATEWAY_RULES: cannot read the rules file " + shown + ": " + e.getMessage(), e);
        }
    }

    /** Same as {@link #read(Path)} for text, {@code name} standing for the file in messages. */
    static Rules parse(String name, String text) {
        try (Reader reader = new java.io.StringReader(text)) {
            return new RuleFile(name, yaml(name)).parse(reader);
        } catch (IOException e) {
            throw new RuleException(name + ": " + e.getMessage(), e);
        }
    }

    private Rules parse(Reader reader) throws IOException {
        Node root;
        try (JsonParser p = factory.createParser(reader)) {
            if (p.nextToken() == null) {
                throw new RuleException(name + ": the file is empty; write {\"rules\": []} for no rules");
            }
            root = node(p);
            if (p.nextToken() != null) {
                throw error(p.currentLocation().getLineNr(), "text after the end of the JSON value");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw error(line, "not valid " + (factory == YAML ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        }
        Node list = root;
        if (root.value() instanceof Map) {
            keys(root, Set.of("rules"), "the file");
            list = root.object().get("rules");
            if (list == null) {
                throw error(root.line(), "expected a \"rules\" array");
            }
        }
        if (!(list.value() instanceof List)) {
            throw error(list.line(), "\"rules\" must be an array of rules");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node n : list.array()) {
            Rule r = rule(n, rules.size() + 1);
            if (!names.add(r.name())) {
                throw error(n.line(), "a second rule named \"" + r.name() + "\"");
            }
            rules.add(r);
        }
        return new Rules(name, rules);
    }

    private Rule rule(Node n, int ordinal) {
        if (!(n.value() instanceof Map)) {
            throw error(n.line(), "rule " + ordinal + " must be an object");
        }
        keys(n, RULE_KEYS, "a rule");
        Map<String, Node> o = n.object();
        String ruleName = o.containsKey("name") ? text(o.get("name"), "name") : "rule " + ordinal;
        Rule.Match match = o.containsKey("match") ? match(o.get("match")) : new Rule.Match(Set.of(), Set.of(), Set.of(), Map.of());
        Node set = o.get("set");
        Rule.Action action;
        if (o.containsKey("action")) {
            Node a = o.get("action");
            String s = text(a, "action");
            action = switch (s) {
                case "forward" -> Rule.Action.FORWARD;
                case "skip" -> Rule.Action.SKIP;
                case "set" -> Rule.Action.SET;
                default -> throw error(a.line(), "action \"" + s + "\": expected \"forward\", \"skip\" or \"set\"");
            };
        } else if (set != null) {
            action = Rule.Action.SET;
        } else {
            throw error(n.line(), "rule \"" + ruleName + "\" has neither \"action\" nor \"set\"");
        }
        Rule.Source acc = null;
        Rule.Source pid = null;
        if (action == Rule.Action.SET) {
            if (set == null || !(set.value() instanceof Map)) {
                throw error(set == null ? n.line() : set.line(), "rule \"" + ruleName
                        + "\": \"set\" must be an object with \"accessionNumber\" and/or \"patientId\"");
            }
            keys(set, SET_KEYS, "\"set\"");
            acc = source(set.object().get("accessionNumber"));
            pid = source(set.object().get("patientId"));
            if (acc == null && pid == null) {
                throw error(set.line(), "rule \"" + ruleName + "\": \"set\" names neither \"accessionNumber\" nor \"patientId\"");
            }
        } else if (set != null) {
            throw error(set.line(), "rule \"" + ruleName + "\": \"set\" with action \"" + action.name().toLowerCase() + "\"");
        }
        return new Rule(ruleName, n.line(), match, action, acc, pid);
    }

    private Rule.Match match(Node n) {
        if (!(n.value() instanceof Map)) {
            throw error(n.line(), "\"match\" must be an object");
        }
        keys(n, MATCH_KEYS, "\"match\"");
        Map<String, Node> o = n.object();
        Set<String> ae = strings(o.get("callingAe"), "callingAe");
        Set<String> modality = strings(o.get("modality"), "modality");
        Set<String> sop = strings(o.get("sopClass"), "sopClass");
        Map<AttributePath, Pattern> attributes = new LinkedHashMap<>();
        Node a = o.get("attributes");
        if (a != null) {
            if (!(a.value() instanceof Map)) {
                throw error(a.line(), "\"attributes\" must be an object of attribute: regular expression");
            }
            for (Map.Entry<String, Node> e : a.object().entrySet()) {
                attributes.put(path(e.getKey(), e.getValue().line()), regex(e.getValue()));
            }
        }
        return new Rule.Match(ae, modality, sop, attributes);
    }

    private Rule.Source source(Node n) {
        if (n == null) {
            return null;
        }
        if (n.value() instanceof String s) {
            return new Rule.Source(path(s, n.line()), s, null);
        }
        if (!(n.value() instanceof Map)) {
            throw error(n.line(), "expected an attribute name or {\"from\": ..., \"regex\": ...}");
        }
        keys(n, SOURCE_KEYS, "a value source");
        Node from = n.object().get("from");
        if (from == null) {
            throw error(n.line(), "\"from\" is missing: which attribute the value comes from");
        }
        String s = text(from, "from");
        Node regex = n.object().get("regex");
        return new Rule.Source(path(s, from.line()), s, regex == null ? null : regex(regex));
    }

    private AttributePath path(String text, int line) {
        try {
            return Attributes.parse(text);
        } catch (RuleException e) {
            throw error(line, e.getMessage());
        }
    }

    private Pattern regex(Node n) {
        String s = text(n, "regular expression");
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw error(n.line(), "bad regular expression \"" + s + "\": " + e.getDescription());
        }
    }

    private Set<String> strings(Node n, String key) {
        if (n == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        if (n.value() instanceof String s) {
            out.add(s.strip());
        } else if (n.value() instanceof List) {
            for (Node e : n.array()) {
                out.add(text(e, key).strip());
            }
        } else {
            throw error(n.line(), "\"" + key + "\" must be a string or an array of strings");
        }
        if (out.isEmpty() || out.contains("")) {
            throw error(n.line(), "\"" + key + "\" must not be empty");
        }
        return out;
    }

    private String text(Node n, String what) {
        if (!(n.value() instanceof String s) || s.isBlank()) {
            throw error(n.line(), what + " must be a non-empty string");
        }
        return s;
    }

    private void keys(Node n, Set<String> allowed, String what) {
        for (Map.Entry<String, Node> e : n.object().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw error(e.getValue().line(), "unknown key \"" + e.getKey() + "\" in " + what + "; expected one of "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private RuleException error(int line, String message) {
        return new RuleException(name + (line > 0 ? " line " + line : "") + ": " + message);
    }

    /** The value at the current token, with nested objects and arrays. */
    private Node node(JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    Node value = node(p);
                    if (map.put(key, value) != null) {
                        throw error(keyLine, "key \"" + key + "\" given twice");
                    }
                }
                return new Node(map, line);
            }
            case START_ARRAY -> {
                List<Node> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(node(p));
                }
                return new Node(list, line);
            }
            case VALUE_STRING -> {
                return new Node(p.getText(), line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node(p.getNumberValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(p.getBooleanValue(), line);
            }
            case VALUE_NULL -> {
                return new Node(null, line);
            }
            default -> throw error(line, "unexpected " + t);
        }
    }
}
