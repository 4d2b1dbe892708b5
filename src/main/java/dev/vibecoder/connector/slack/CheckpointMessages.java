package dev.vibecoder.connector.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;
import static dev.vibecoder.document.DocumentDigest.cut;
import static dev.vibecoder.document.DocumentDigest.oneLine;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.vibecoder.access.Identities;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentDigest;
import dev.vibecoder.document.DocumentType;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.PublicLinks;
import dev.vibecoder.workflow.Durations;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The Block Kit of a checkpoint: the message asking for a decision (what the document is, a digest
 * of what it says, a link to the whole of it, Approve and Reject buttons), the same message once
 * decided (the buttons replaced by who decided and when), the reminder, and the modal asking why a
 * document is rejected.
 *
 * <p>Everything that comes from users or models (the idea, the document's text) is escaped, so it
 * cannot mention {@code @channel} or disguise a link.
 */
@Component
public class CheckpointMessages {

    /** Action ids of the buttons; their value is the document's id. */
    public static final String APPROVE = "vibecoder_approve";
    public static final String REJECT = "vibecoder_reject";
    public static final String DECISION_BLOCK = "vibecoder_decision";
    /** The modal asking why, its input and the block holding it. */
    public static final String REJECT_MODAL = "vibecoder_reject_reason";
    public static final String REASON_BLOCK = "vibecoder_reason";
    public static final String REASON_INPUT = "reason";

    private static final int IDEA_EXCERPT = 140;
    private static final int DIGEST_LINES = 3;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    /** A message's fallback text (notifications, screen readers) and its blocks. */
    public record Message(String text, List<LayoutBlock> blocks) {
    }

    private final DocumentTypes types;
    private final PublicLinks links;
    private final Identities identities;

    public CheckpointMessages(DocumentTypes types, PublicLinks links, Identities identities) {
        this.types = types;
        this.links = links;
        this.identities = identities;
    }

    /** The message asking for a decision on a waiting document. */
    public Message waiting(Project project, Document document) {
        List<LayoutBlock> blocks = describe(project, document, headline(document, document.failed()
                ? "failed and its fix attempts are used up" : "waits for approval"));
        String id = document.id().toString();
        String label = types.label(document);
        blocks.add(actions(a -> a.blockId(DECISION_BLOCK).elements(List.of(
                button(b -> b.actionId(APPROVE).value(id).style("primary").text(plainText("Approve"))
                        .confirm(confirmationDialog(c -> c.title(plainText(cut("Approve " + label + "?", 100)))
                                .text(plainText(cut(document.failed()
                                        ? "The project goes on with it as it is."
                                        : "The next steps will build on it as it is.", 300)))
                                .confirm(plainText("Approve")).deny(plainText("Cancel"))))),
                button(b -> b.actionId(REJECT).value(id).style("danger").text(plainText("Reject…")))))));
        return new Message(label + " of \"" + cut(oneLine(project.idea()), IDEA_EXCERPT) + "\" waits for a decision",
                blocks);
    }

    /** The message once decided: the buttons give way to the decision. */
    public Message decided(Project project, Document document) {
        boolean approved = document.approvalState() == Document.ApprovalState.APPROVED;
        String verdict = approved ? "approved" : "rejected";
        List<LayoutBlock> blocks = describe(project, document, headline(document, verdict));
        StringBuilder decision = new StringBuilder(approved ? ":white_check_mark: *Approved*" : ":x: *Rejected*")
                .append(" by ").append(mention(document.approvedBy()));
        if (document.approvedAt() != null) {
            decision.append(" at ").append(date(document.approvedAt()));
        }
        if (document.approvalComment() != null && !document.approvalComment().isBlank()) {
            decision.append("\n>").append(escape(cut(oneLine(document.approvalComment()), 2500)));
        }
        String text = decision.toString();
        blocks.add(section(s -> s.text(markdownText(text))));
        return new Message(types.label(document) + " " + verdict + " by " + document.approvedBy(), blocks);
    }

    /** The reply in the message's thread when a document has waited a timeout period (or several). */
    public String reminder(Document document, Duration waited) {
        return ":alarm_clock: " + escape(types.label(document)) + " has waited " + Durations.describe(waited)
                + " for a decision: approve or reject it above (or through the REST API).";
    }

    /** The modal a Reject click opens: the reason becomes the role's feedback for its next version. */
    public View rejectModal(Document document) {
        String why = "Why is *" + escape(types.label(document)) + "* not good enough? " + (document.failed()
                ? "Your advice goes to the fix loop for one more attempt."
                : "Your reason goes to " + escape(document.role()) + " as feedback for the next version.");
        return view(v -> v.type("modal").callbackId(REJECT_MODAL).privateMetadata(document.id().toString())
                .title(viewTitle(t -> t.type("plain_text").text(cut("Reject " + document.docType() + " v"
                        + document.version(), 24))))
                .submit(viewSubmit(s -> s.type("plain_text").text("Reject")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(List.of(
                        section(s -> s.text(markdownText(why))),
                        input(i -> i.blockId(REASON_BLOCK).label(plainText("Reason"))
                                .element(plainTextInput(p -> p.actionId(REASON_INPUT).multiline(true).maxLength(3000)
                                        .placeholder(plainText("What should change?"))))))));
    }

    /** The blocks both states share: headline, project and step, digest, link. */
    private List<LayoutBlock> describe(Project project, Document document, String headline) {
        DocumentType type = types.get(document.docType());
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(cut(headline, 150)))));
        String about = "*Project:* " + link(links.project(project.id()), cut(oneLine(project.idea()), IDEA_EXCERPT))
                + "\n*Step:* " + escape(document.stepId()) + ", " + ("hub".equals(document.role()) ? "made by the hub"
                : "written by " + escape(document.role()))
                + "\n" + (document.failed()
                ? "Approve to go on with it as it is, or reject it with advice for one more fix."
                : "Approve to let the next steps build on it, or reject it with a reason for a new version.");
        blocks.add(section(s -> s.text(markdownText(about))));
        List<DocumentDigest.Line> digest = DocumentDigest.of(type, document.content(), project.idea(), DIGEST_LINES);
        if (!digest.isEmpty()) {
            String brief = digest.stream()
                    .map(line -> "• " + (line.label() == null ? "" : "*" + escape(line.label()) + ":* ")
                            + escape(line.text()))
                    .collect(Collectors.joining("\n"));
            blocks.add(section(s -> s.text(markdownText(cut(brief, 2900)))));
        }
        String read = link(links.document(document), "Read " + types.label(document)) + " · project `"
                + project.id() + "`";
        blocks.add(context(c -> c.elements(List.of(markdownText(read)))));
        return blocks;
    }

    private String headline(Document document, String state) {
        return types.label(document) + " " + state;
    }

    /**
     * A decider as Slack shows it: an identity linked to a Slack account as a mention of that account
     * (Slack shows the current name), anyone else by name.
     */
    String mention(String by) {
        if (identities != null && by != null) {
            java.util.Optional<String> slackId = identities.find(by).flatMap(identity -> identity.links().stream()
                    .filter(link -> link.channel() == Identities.Channel.SLACK).map(Identities.Link::externalId)
                    .findFirst());
            if (slackId.isPresent()) {
                return "<@" + slackId.get() + ">";
            }
        }
        return decider(by);
    }

    /** A decider recorded by Slack as a mention, anyone else by name. */
    static String decider(String by) {
        if (by == null) {
            return "someone";
        }
        if (by.equals("timeout")) {
            return "the checkpoint timeout";
        }
        return SlackDecider.userId(by).map(id -> "<@" + id + ">").orElseGet(() -> escape(by));
    }

    /** Slack shows the time in each reader's own time zone; the fallback is UTC. */
    static String date(OffsetDateTime at) {
        return "<!date^" + at.toEpochSecond() + "^{date_short_pretty} at {time}|"
                + UTC.format(at.withOffsetSameInstant(ZoneOffset.UTC)) + ">";
    }

    private static String link(String url, String text) {
        return "<" + url + "|" + escape(text).replace("|", "¦") + ">";
    }

    /** mrkdwn's three control characters; what remains cannot form a mention, link or command. */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
