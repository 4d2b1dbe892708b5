package dev.vibecoder.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hawtio answers only with the configured login; route metrics are on the Prometheus endpoint. */
class ConsoleAndMetricsTest extends FlowTestSupport {

    @Test
    void hawtioAndJolokiaNeedTheConfiguredLogin() {
        assertThat(status("/actuator/hawtio/", null)).isEqualTo(401);
        assertThat(status("/actuator/jolokia/read/java.lang:type=Runtime/Uptime", null)).isEqualTo(401);
        assertThat(status("/actuator/hawtio/", "admin:wrong")).isEqualTo(401);
        assertThat(status("/actuator/hawtio/", "admin:test-console-password")).isEqualTo(200);
        assertThat(status("/actuator/jolokia/read/java.lang:type=Runtime/Uptime", "admin:test-console-password"))
                .isEqualTo(200);
    }

    @Test
    void jolokiaRefusesDangerousOperationsAndForeignPages() {
        String heapOption = api().get().uri("/actuator/jolokia/exec/com.sun.management:type=HotSpotDiagnostic/getVMOption/MaxHeapSize")
                .header("Authorization", basic("admin:test-console-password")).retrieve().body(String.class);
        assertThat(heapOption).contains("forbidden for MBean com.sun.management:type=HotSpotDiagnostic");
        var foreign = api().get().uri("/actuator/jolokia/read/java.lang:type=Runtime/Uptime")
                .header("Authorization", basic("admin:test-console-password")).header("Origin", "http://evil.example")
                .retrieve().toBodilessEntity();
        assertThat(foreign.getHeaders().getAccessControlAllowOrigin()).isNull();
    }

    @Test
    void routeMetricsAreExposedForPrometheus() {
        UUID id = startProject("A metrics smoke test idea", "quick-prototype");
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        String metrics = api().get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics).contains("camel_exchanges_total{").contains("routeId=\"document-router\"")
                .contains("routeId=\"role-product-manager\"").contains("camel_route_policy_seconds")
                .contains("vibecoder_llm_tokens_total{");
    }

    private int status(String path, String credentials) {
        var request = api().get().uri(path);
        if (credentials != null) {
            request = request.header("Authorization", basic(credentials));
        }
        return request.exchange((req, response) -> response.getStatusCode().value());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes());
    }
}
