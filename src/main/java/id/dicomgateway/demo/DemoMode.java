package id.dicomgateway.demo;

import jakarta.inject.Named;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What demo mode changes outside the receiver, in one place: whether it is on, and whether a PACS
 * is configured at all. Named so the dashboard template can show its banner ({@code inject:demoMode}).
 * Application-scoped (a client proxy): the REST filter that uses it is built before runtime
 * configuration exists, so the instance is made on first use.
 */
@ApplicationScoped
@Named("demoMode")
public class DemoMode {
    /** The variables that name a PACS, for messages that tell a person what to set. */
    public static final String PACS_VARIABLES = "DCM4CHEE_URL (dcm4chee-arc) or PACS_DICOMWEB_URL (e.g. Orthanc's .../dicom-web)";

    private final boolean enabled;
    private final boolean pacsNamed;

    public DemoMode(DemoConfig config) {
        this.enabled = config.enabled();
        this.pacsNamed = config.pacsUrl().filter(u -> !u.isBlank()).isPresent();
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * False only in demo mode with neither DCM4CHEE_URL nor PACS_DICOMWEB_URL set: there is no PACS
     * to fetch from, rather than one that is down. Outside demo mode the built-in default address
     * stays what it was (a PACS on this host), so this is always true there.
     */
    public boolean pacsConfigured() {
        return !enabled || pacsNamed;
    }
}
