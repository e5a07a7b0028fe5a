package id.dicomgateway.testing;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the benches: they measure the gateway as it runs in production, where HotSpot compiles its hot code with C2.
 * The tests' JVM compiles with C1 only (pom.xml, {@code test.jvm.args}), which suits tests and distorts measurements;
 * the pom turns that off when a bench's property is given. A bench in a C1-only JVM fails at once, saying so, rather
 * than print numbers that are not the gateway's.
 */
public final class FullJit implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> limited = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:TieredStopAtLevel")).toList();
        if (!limited.isEmpty()) {
            throw new IllegalStateException(context.getDisplayName() + " measures the gateway with the JIT it runs with in"
                    + " production, and this JVM was started with " + limited + ": run it with the bench's property on the"
                    + " Maven command line (its profile in pom.xml clears test.jvm.args), or -Dtest.jvm.args=");
        }
    }
}
