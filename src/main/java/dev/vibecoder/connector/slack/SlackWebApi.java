package dev.vibecoder.connector.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Slack Web API methods VibeCoder calls, through Slack's Java SDK on the configured server URL
 * (the address camel-slack's {@code serverUrl} also steers). The SDK is used directly rather than
 * the camel-slack producer because a checkpoint message must be updated later, and the producer
 * does not return the posted message's {@code ts}; nor does it post into threads (camel-slack 4.17
 * sends the endpoint's channel and a message's text, blocks and attachments only, no {@code
 * thread_ts}, so not even a reminder fits it), open modals or answer ephemerally.
 */
@Component
public class SlackWebApi implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SlackWebApi.class);
    /** Slack wants interactions answered within 3 s; a Slack that does not answer in 10 s is not there. */
    private static final int TIMEOUT_MS = 10_000;

    /** Where a posted message is: its channel id and timestamp ({@code ts}), Slack's id of a message. */
    public record Posted(String channel, String ts) {
    }

    /** A Web API method that failed: Slack's error code, with what to do about it where that is known. */
    public static class SlackCallFailed extends RuntimeException {
        private final String error;

        SlackCallFailed(String method, String error, String detail) {
            super("Slack " + method + " failed: " + error + (detail == null ? "" : " (" + detail + ")"));
            this.error = error;
        }

        SlackCallFailed(String method, Exception cause) {
            super("Slack " + method + " failed: " + cause.getMessage(), cause);
            this.error = null;
        }

        /** Slack's error code ({@code not_in_channel}, {@code expired_trigger_id}, ...), or null. */
        public String error() {
            return error;
        }
    }

    @FunctionalInterface
    private interface Call<T extends SlackApiTextResponse> {
        T on(MethodsClient methods) throws IOException, SlackApiException;
    }

    private final SlackSettings settings;
    private final Slack slack;

    public SlackWebApi(SlackSettings settings) {
        this.settings = settings;
        if (!settings.enabled()) {
            LOG.info("Slack approvals off: {}", settings.offReason());
            this.slack = null;
            return;
        }
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.serverUrl() + "/api/");
        config.setHttpClientCallTimeoutMillis(TIMEOUT_MS);
        config.setHttpClientReadTimeoutMillis(TIMEOUT_MS);
        this.slack = Slack.getInstance(config);
        LOG.info("Slack approvals on: checkpoint messages go to {} on {}, {} approver(s)", settings.channel(),
                settings.serverUrl(), settings.approvers().size());
        if (settings.approvers().isEmpty()) {
            LOG.warn("Slack approvals: no approvers configured (SLACK_APPROVERS): every Approve and Reject click will"
                    + " be refused");
        }
    }

    /** Posts a message with blocks to the configured channel. */
    public Posted post(String text, List<LayoutBlock> blocks) {
        ChatPostMessageResponse posted = call("chat.postMessage", methods -> methods.chatPostMessage(r -> r
                .channel(settings.channel()).text(text).blocks(blocks).unfurlLinks(false).unfurlMedia(false)));
        return new Posted(posted.getChannel(), posted.getTs());
    }

    /** Replies in a message's thread, shown in the channel too. */
    public void reply(String channel, String threadTs, String text) {
        call("chat.postMessage", methods -> methods.chatPostMessage(r -> r
                .channel(channel).threadTs(threadTs).replyBroadcast(true).text(text).unfurlLinks(false)));
    }

    /** Replaces a message's text and blocks. */
    public void update(String channel, String ts, String text, List<LayoutBlock> blocks) {
        call("chat.update", methods -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)));
    }

    /** A message in a channel that only one user sees. */
    public void ephemeral(String channel, String user, String text) {
        call("chat.postEphemeral", methods -> methods.chatPostEphemeral(r -> r.channel(channel).user(user).text(text)));
    }

    /** Opens a modal for the user whose interaction carried the trigger (valid for 3 s). */
    public void openModal(String triggerId, View view) {
        call("views.open", methods -> methods.viewsOpen(r -> r.triggerId(triggerId).view(view)));
    }

    private <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        if (slack == null) {
            throw new IllegalStateException(settings.offReason());
        }
        T response;
        try {
            response = call.on(slack.methods(settings.botToken()));
        } catch (SlackApiException e) {
            // an HTTP status other than 200: rate limited (429, with Retry-After), or Slack is in trouble
            String retryAfter = e.getResponse() == null ? null : e.getResponse().header("Retry-After");
            throw new SlackCallFailed(method, "HTTP " + (e.getResponse() == null ? "?" : e.getResponse().code()),
                    retryAfter == null ? null : "retry after " + retryAfter + " s");
        } catch (IOException e) {
            throw new SlackCallFailed(method, e);
        }
        if (!response.isOk()) {
            throw new SlackCallFailed(method, response.getError(), hint(response));
        }
        return response;
    }

    private static String hint(SlackApiTextResponse response) {
        return switch (response.getError() == null ? "" : response.getError()) {
            case "not_in_channel" -> "invite the bot to the channel, or give the app the chat:write.public scope";
            case "channel_not_found" -> "check SLACK_CHANNEL: a channel id like C0123ABCD, or a name the bot can see";
            case "invalid_auth", "not_authed", "token_revoked", "account_inactive" -> "check SLACK_BOT_TOKEN";
            case "missing_scope" -> "the app needs the scope " + response.getNeeded();
            case "expired_trigger_id" -> "the click is more than 3 seconds old";
            default -> null;
        };
    }

    @Override
    public void destroy() throws Exception {
        if (slack != null) {
            slack.close();
        }
    }
}
