package dev.vibecoder.api;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Errors answered before a request reaches the hub's code, in the hub's one shape ({@link Problems}):
 * <ul>
 * <li>Spring Security's firewall refuses paths with encoded dots or slashes, {@code ;}, {@code //},
 *     unknown methods: its handler answers 400 with the firewall's reason;</li>
 * <li>Tomcat refuses what it cannot parse or map (an encoded {@code /} or {@code \}, a bad
 *     {@code %} escape, {@code ..} above the root, characters a request line may not have) before
 *     any application sees it: its error report valve, HTML by default, answers with a problem.</li>
 * </ul>
 * What a filter or controller refused later goes to the error page, {@link ApiErrorController}.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerErrors.class);

    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> {
            LOG.info("refused request {} {}: {}", request.getMethod(), request.getRequestURI(), rejected.getMessage());
            Problems.write(response, Problems.invalid(rejectedPart(rejected.getMessage()),
                    "the request was refused: " + rejected.getMessage(), request.getRequestURI()));
        };
    }

    /** Which part of the request the firewall's reason is about. */
    static String rejectedPart(String reason) {
        String text = reason == null ? "" : reason;
        if (text.contains("HTTP method")) {
            return "method";
        }
        if (text.contains("header")) {
            return "headers";
        }
        if (text.contains("parameter")) {
            return "query";
        }
        if (text.contains("domain") || text.contains("host")) {
            return "host";
        }
        return "path";
    }

    /** Which part of the request Tomcat's reason is about. */
    static String refusedPart(String reason) {
        String text = reason == null ? "" : reason;
        if (text.startsWith("Invalid URI") || text.contains("request target")) {
            return "path";
        }
        if (text.contains("method name")) {
            return "method";
        }
        if (text.contains("header")) {
            return "headers";
        }
        return "request";
    }

    /** Tomcat's host gets the problem valve, and no other error report valve (Spring Boot adds one). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemReportValve());
                // the host adds a valve of this class at start unless it has one
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** Tomcat's last word on an error nothing answered: a problem instead of an HTML page. */
    public static class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            String reason = response.getMessage();
            if ((reason == null || reason.isBlank()) && throwable != null) {
                reason = throwable.getMessage();
            }
            String detail = status < 500 && reason != null && !reason.isBlank()
                    && !reason.equals(Problems.reasonPhrase(status)) ? reason : Problems.defaultDetail(status);
            String path = request.getCoyoteRequest().requestURI().toString();
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write(Problems.json(status == 400 ? Problems.invalid(refusedPart(reason), detail, path)
                            : Problems.of(HttpStatusCode.valueOf(status), detail, path)));
                    response.finishResponse();
                }
            } catch (java.io.IOException | IllegalStateException e) {
                // the connection is gone, or the answer already under way: nothing more to say
            }
        }
    }
}
