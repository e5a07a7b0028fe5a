package id.dicomgateway.security;

import id.dicomgateway.store.sessions.JdbcSessionStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Sessions and the sign-in guard from configuration, and their timers (quarkus-scheduler, on worker threads). */
@ApplicationScoped
public class SecurityBeans {
    private static final Logger LOG = Logger.getLogger(SecurityBeans.class);

    @Inject
    Instance<Sessions> sessions;

    @Produces
    @Singleton
    Sessions sessions(JdbcSessionStore store, AuthConfig config) {
        AuthConfig.Session s = config.session();
        return new Sessions(store, s.idle(), s.max(), s.check(), Clock.systemUTC(), System::nanoTime);
    }

    @Produces
    @Singleton
    SignInGuard guard(AuthConfig config) {
        AuthConfig.SignInLimit s = config.signIn();
        return new SignInGuard(s.maxFailures(), s.maxAddressFailures(), s.lock(), s.concurrentHashes(), System::nanoTime);
    }

    /** A user removed from GATEWAY_USERS is signed out on every replica once one replica starts with the new list. */
    void endRemovedUsers(@Observes StartupEvent event, Sessions sessions, PasswordIdentityProvider users) {
        try {
            sessions.endAllBut(users.users().names());
        } catch (RuntimeException e) {
            LOG.warnf("Sign-in: could not end removed users' sessions at start: %s", e.getMessage());
        }
    }

    @Scheduled(every = "${gateway.auth.session.check:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "close-ended-session-streams")
    void closeEndedStreams() {
        try {
            sessions.get().closeEndedStreams();
        } catch (RuntimeException e) {
            LOG.debugf("Sign-in: could not check the sessions of open streams: %s", e.getMessage());
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "session-retention")
    void purgeSessions() {
        try {
            sessions.get().purge();
        } catch (RuntimeException e) {
            LOG.warnf("Sign-in: session retention could not run: %s", e.getMessage());
        }
    }
}
