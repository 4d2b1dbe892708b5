package dev.vibecoder.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A provider that refuses a request loses nothing: the work waits in the dead letters and is
 * replayed. (An outage, 429, 5xx, resets and timeouts, parks the project instead: {@link ModelFaultsTest}.)
 */
class ProviderOutageTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;

    @Test
    void workTheProviderRefusesIsDeadLetteredAndCompletesWhenReplayed() {
        StubMapping outage = STANDINS.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("[outage]"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"Invalid 'messages[1].content'\", \"type\": \"invalid_request_error\"}}")));
        UUID id;
        try {
            id = startProject("A countdown timer for talks [outage]", null);
            Project failed = awaitFinished(id);
            assertThat(failed.status()).isEqualTo(Project.Status.FAILED);
            assertThat(failed.statusReason()).contains("step 'deployment' failed").contains("the model provider answered HTTP 400").contains("Invalid 'messages[1].content'");
            // a refusal is not retried by the provider's guard: the first call and the step's one redelivery
            assertThat(jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = 'devops' "
                    + "and outcome like 'error:%'", Integer.class, id)).isEqualTo(2);

            JsonNode letters = api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class);
            UUID project = id;
            assertThat(letters).anySatisfy(letter -> {
                assertThat(letter.path("projectId").asText()).isEqualTo(project.toString());
                assertThat(letter.path("queue").asText()).isEqualTo(NAMESPACE + ".role.devops");
                assertThat(letter.path("stepId").asText()).isEqualTo("deployment");
                assertThat(letter.path("reason").asText()).isEqualTo("rejected");
            });
        } finally {
            STANDINS.removeStub(outage);
        }

        JsonNode replay = api().post().uri("/api/dead-letters/replay?projectId={id}", id).retrieve().body(JsonNode.class);
        assertThat(replay.path("replayed").asInt()).isEqualTo(1);
        UUID project = id;
        await().atMost(Duration.ofSeconds(60)).until(() -> projects.get(project).orElseThrow().status() == Project.Status.COMPLETED);
        assertThat(documents.history(id)).extracting(Document::version).containsOnly(1);
        assertThat(documents.latest(id, "user-docs")).isPresent();
        assertThat(api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class))
                .noneSatisfy(letter -> assertThat(letter.path("projectId").asText()).isEqualTo(project.toString()));
    }
}
