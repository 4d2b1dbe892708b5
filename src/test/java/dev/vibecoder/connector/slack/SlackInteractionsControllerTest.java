package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Without Slack configured, the interactions endpoint says so (the flow tests run with Slack on). */
class SlackInteractionsControllerTest {

    @Test
    void withoutSlackTheEndpointAnswers503WithTheReason() throws Exception {
        SlackInteractionsController controller = new SlackInteractionsController(
                new SlackSettings(null, null, null, null, null), null, null);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/slack/interactions");
        request.setContent("payload=%7B%7D".getBytes());

        ResponseEntity<?> answer = controller.interaction("1700000000", "v0=00", request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(((ProblemDetail) answer.getBody()).getDetail()).contains("Slack is not configured")
                .contains("SLACK_BOT_TOKEN");
    }
}
