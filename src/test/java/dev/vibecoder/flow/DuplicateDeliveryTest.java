package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.workflow.StepKeys;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** The same work order delivered more than once (a redelivery, a duplicate publish) makes one document version. */
class DuplicateDeliveryTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    CamelContext camel;

    @Test
    void aWorkOrderDeliveredThreeTimesProducesOneVersion() throws Exception {
        UUID id = UUID.randomUUID();
        projects.create(id, "A recipe book searchable by ingredient", "software-company", null, "test");
        String stepKey = StepKeys.of(id, "requirements", List.of(), null);
        byte[] order = JSON.writeValueAsBytes(new WorkOrder(id, "software-company", "requirements", "",
                "product-manager", null, stepKey, List.of(), null, false));

        // two copies at once: both may be in flight together
        publish(order);
        publish(order);
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        List<Document> prds = documents.history(id).stream().filter(d -> d.docType().equals("prd")).toList();
        assertThat(prds).singleElement().satisfies(d -> assertThat(d.stepKey()).isEqualTo(stepKey));
        int callsAfterTwo = pmCalls(id);

        // a late third copy, after the step finished: the idempotent consumer skips it without a model call
        ManagedRouteMBean route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("role-product-manager");
        long completedBefore = route.getExchangesCompleted();
        publish(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> route.getExchangesCompleted() > completedBefore);
        assertThat(documents.history(id).stream().filter(d -> d.docType().equals("prd")).count()).isEqualTo(1);
        assertThat(pmCalls(id)).isEqualTo(callsAfterTwo);
        assertThat(documents.history(id)).allSatisfy(d -> assertThat(d.version()).isEqualTo(1));
        assertThat(documents.latest(id, "user-docs")).isPresent();
    }

    @Test
    void workForAFailedProjectIsDroppedButNotForgottenWhenTheProjectIsReopened() throws Exception {
        UUID id = UUID.randomUUID();
        projects.create(id, "A flashcard trainer", "quick-prototype", null, "test");
        projects.moveTo(id, Project.Status.FAILED, "failed for the test");
        String stepKey = StepKeys.of(id, "requirements", List.of(), null);
        byte[] order = JSON.writeValueAsBytes(new WorkOrder(id, "quick-prototype", "requirements", "",
                "product-manager", null, stepKey, List.of(), null, false));
        ManagedRouteMBean route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("role-product-manager");
        long completedBefore = route.getExchangesCompleted();

        publish(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> route.getExchangesCompleted() > completedBefore);
        assertThat(documents.history(id)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from camel_messageprocessed where messageid = ?", Integer.class,
                stepKey)).as("dropped work is not recorded as done").isZero();

        assertThat(projects.reopen(id, "reopened for the test")).isTrue();
        publish(order);
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        assertThat(documents.history(id)).extracting(Document::stepKey).contains(stepKey);
    }

    private void publish(byte[] order) {
        rabbit.send(NAMESPACE + ".work", "product-manager", MessageBuilder.withBody(order)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
    }

    private int pmCalls(UUID id) {
        return jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = 'product-manager'",
                Integer.class, id);
    }
}
