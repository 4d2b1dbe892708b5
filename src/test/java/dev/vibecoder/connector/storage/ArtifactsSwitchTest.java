package dev.vibecoder.connector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibecoder.broker.BrokerProperties;
import io.minio.MinioClient;
import java.util.List;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Language;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Artifacts are on only with an S3 endpoint (and not switched off): otherwise there is no store
 * client, no archiver queue collecting events and no artifact route, and the hub says so once.
 */
@ExtendWith(OutputCaptureExtension.class)
class ArtifactsSwitchTest {

    @EnableConfigurationProperties({ArtifactsProperties.class, BrokerProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner hub = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, ArtifactsConfiguration.class, ArtifactStore.class);

    @Test
    void withoutAnEndpointArtifactsAreOffAndTheHubSaysWhyOnce(CapturedOutput output) {
        hub.withPropertyValues("vibecoder.artifacts.endpoint=").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MinioClient.class).doesNotHaveBean("artifactsQueue");
            assertThat(context.getBean(ArtifactStore.class).on()).isFalse();
            assertThat(startedArtifactRoutes(context.getBean(ArtifactStore.class))).isEmpty();
        });
        assertThat(output.getOut()).containsOnlyOnce("artifacts: off, no S3 endpoint is set");
    }

    @Test
    void switchedOffTheyStayOffWhateverTheEndpoint(CapturedOutput output) {
        hub.withPropertyValues("vibecoder.artifacts.enabled=false", "vibecoder.artifacts.endpoint=http://127.0.0.1:9000")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(MinioClient.class);
                    assertThat(context.getBean(ArtifactStore.class).on()).isFalse();
                });
        assertThat(output.getOut()).containsOnlyOnce("artifacts: off, vibecoder.artifacts.enabled is false");
    }

    @Test
    void withAnEndpointTheArchiverHasItsQueueClientAndRoutesAndTheSecretIsNotLogged(CapturedOutput output) {
        // nothing listens there: being on connects to nothing until an artifact is written
        hub.withPropertyValues("vibecoder.broker.namespace=hub1", "vibecoder.artifacts.endpoint=http://127.0.0.1:1",
                "vibecoder.artifacts.access-key=hub", "vibecoder.artifacts.secret-key=never-logged-s3cr3t")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MinioClient.class);
                    Declarables queue = context.getBean("artifactsQueue", Declarables.class);
                    assertThat(queue.getDeclarablesByType(Queue.class)).singleElement().satisfies(q -> {
                        assertThat(q.getName()).isEqualTo("hub1.artifacts");
                        assertThat(q.isDurable()).isTrue();
                        assertThat(q.getArguments()).containsEntry("x-dead-letter-exchange", "hub1.dlx");
                    });
                    assertThat(queue.getDeclarablesByType(Binding.class)).allSatisfy(b ->
                            assertThat(b.getExchange()).isEqualTo("hub1.documents"))
                            .extracting(Binding::getRoutingKey)
                            .containsExactlyInAnyOrder("*.created", "*.awaiting", "*.approved", "*.rejected");
                    ArtifactStore store = context.getBean(ArtifactStore.class);
                    assertThat(store.on()).isTrue();
                    assertThat(includedArtifactRoutes(store)).containsExactly("artifact-archiver", "artifact-writer");
                    assertThat(context.getBean(ArtifactsProperties.class).toString()).doesNotContain("s3cr3t");
                });
        assertThat(output.getOut()).containsOnlyOnce("artifacts: on").contains("http://127.0.0.1:1")
                .doesNotContain("never-logged-s3cr3t");
    }

    /** The routes a Camel context with routes/artifacts.yaml and this store runs once started. */
    private static List<String> startedArtifactRoutes(ArtifactStore store) throws Exception {
        try (DefaultCamelContext camel = contextWithArtifactRoutes(store)) {
            camel.start();
            return camel.getRoutes().stream().map(Route::getRouteId).toList();
        }
    }

    /**
     * The routes of routes/artifacts.yaml whose precondition holds beside this store, evaluated as
     * Camel does when it starts (started here, they would connect to a broker).
     */
    private static List<String> includedArtifactRoutes(ArtifactStore store) throws Exception {
        try (DefaultCamelContext camel = contextWithArtifactRoutes(store)) {
            Language simple = camel.resolveLanguage("simple");
            return camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                    .filter(route -> simple.createPredicate(camel.resolvePropertyPlaceholders(route.getPrecondition()))
                            .matches(new DefaultExchange(camel)))
                    .map(RouteDefinition::getRouteId).toList();
        }
    }

    private static DefaultCamelContext contextWithArtifactRoutes(ArtifactStore store) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("artifactStore", store);
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/artifacts.yaml"));
        return camel;
    }
}
