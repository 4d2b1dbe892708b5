package dev.vibecoder.broker;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.StartupListener;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PatternHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the routes that take messages (RabbitMQ queues, timers) once the Camel context has started,
 * not while it starts. They are held back by {@code camel.main.auto-startup-exclude-pattern}.
 *
 * <p>Why: messages wait on the queues when a hub starts. A consumer that takes one while the context is
 * still starting reaches endpoints that are not started yet: Camel defers starting an endpoint made then
 * (a {@code toD}'s) until the context has started, and one made just after the deferred ones were
 * started is never started at all. The artifact archiver's S3 endpoint then had no client, and every
 * event failed with a NullPointerException until it was dead-lettered. Started here, on
 * {@code onCamelContextFullyStarted}, a consumer finds every endpoint it calls ready. A route that cannot
 * start fails the start of the context, as it would have without the deferral.
 */
@Component
public class DeferredConsumers implements CamelContextConfiguration, StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredConsumers.class);

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        try {
            camel.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for the Camel context's start", e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // the consumers start in onCamelContextFullyStarted, whose failure fails the start
    }

    @Override
    public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
        // too early: the context is not started yet when this is called
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) throws Exception {
        List<Route> deferred = deferred(camel);
        for (Route route : deferred) {
            camel.getRouteController().startRoute(route.getRouteId());
        }
        if (!deferred.isEmpty()) {
            LOG.info("started {} message consumers now that every endpoint is ready: {}", deferred.size(),
                    deferred.stream().map(Route::getRouteId).toList());
        }
    }

    /**
     * The routes the exclude pattern held back that have not been started since; not those that are off
     * (Slack's, when Slack is not configured: a route whose precondition is false does not start).
     */
    static List<Route> deferred(CamelContext camel) {
        String pattern = camel.getAutoStartupExcludePattern();
        if (pattern == null || pattern.isBlank()) {
            return List.of();
        }
        String[] patterns = pattern.split(",");
        return camel.getRoutes().stream()
                .filter(Route::isAutoStartup)
                .filter(route -> PatternHelper.matchPatterns(route.getRouteId(), patterns)
                        || PatternHelper.matchPatterns(route.getEndpoint().getEndpointUri(), patterns))
                .filter(route -> camel.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Stopped)
                .toList();
    }
}
