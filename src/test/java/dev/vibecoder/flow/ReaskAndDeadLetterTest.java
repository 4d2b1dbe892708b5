package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectEvent;
import dev.vibecoder.project.StepRun;
import dev.vibecoder.support.FlowTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** Invalid model answers: one re-ask heals a flaky answer; a model that never complies fails the project, and its work lands in the dead letters. */
class ReaskAndDeadLetterTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;
    @Autowired
    RabbitTemplate rabbit;

    @Test
    void anInvalidFirstAnswerIsFixedByOneReask() {
        UUID id = startProject("A tiny bookmark manager [flaky:system-design]", null);

        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        Document design = documents.latest(id, "system-design").orElseThrow();
        assertThat(design.version()).isEqualTo(1);
        assertThat(design.llmCalls()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = 'architect'",
                Integer.class, id)).isEqualTo(2);
        List<ProjectEvent> reasks = projects.events(id, 0).stream().filter(e -> e.kind().equals("step.reask")).toList();
        assertThat(reasks).singleElement().satisfies(e -> {
            assertThat(e.stepId()).isEqualTo("design");
            assertThat(e.message()).contains("not valid JSON");
        });
        // the other documents needed no re-ask
        assertThat(documents.latest(id, "prd").orElseThrow().llmCalls()).isEqualTo(1);
    }

    @Test
    void aModelThatNeverAnswersValidlyFailsTheProjectAndDeadLettersTheWork() {
        UUID id = startProject("A pomodoro timer [broken:api-spec]", null);

        Project project = awaitFinished(id);
        assertThat(project.status()).isEqualTo(Project.Status.FAILED);
        assertThat(project.statusReason()).contains("step 'api' failed").contains("no valid api-spec document in 3 answers")
                .contains("$: required property 'style' not found");
        StepRun api = projects.steps(id).stream().filter(s -> s.stepId().equals("api")).findFirst().orElseThrow();
        assertThat(api.status()).isEqualTo(StepRun.Status.FAILED);
        assertThat(jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = 'api-designer'",
                Integer.class, id)).isEqualTo(3);
        // nothing after the failed step ran
        assertThat(documents.history(id)).extracting(Document::docType).containsExactly("prd", "system-design");

        Message dead = awaitDeadLetter(id);
        JsonNode order = readJson(dead.getBody());
        assertThat(order.path("stepId").asText()).isEqualTo("api");
        assertThat(order.path("role").asText()).isEqualTo("api-designer");
        @SuppressWarnings("unchecked")
        Map<String, Object> death = ((List<Map<String, Object>>) dead.getMessageProperties().getHeader("x-death")).get(0);
        assertThat(death).containsEntry("queue", NAMESPACE + ".role.api-designer").containsEntry("reason", "rejected");
    }

    /** Takes the dead letters off the shared queue until this project's shows up; others go back. */
    private Message awaitDeadLetter(UUID projectId) {
        List<Message> others = new ArrayList<>();
        Message[] found = new Message[1];
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Message m = rabbit.receive(NAMESPACE + ".dead-letters", 500);
                if (m != null && readJson(m.getBody()).path("projectId").asText().equals(projectId.toString())) {
                    found[0] = m;
                } else if (m != null) {
                    others.add(m);
                }
                return found[0] != null;
            });
        } finally {
            others.forEach(m -> rabbit.send(NAMESPACE + ".dead-letters", m));
        }
        return found[0];
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
