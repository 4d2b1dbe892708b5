package dev.vibecoder.document;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A document version as a reader sees it in Markdown: its content rendered by its schema under a
 * header that says which version it is, who wrote it with which model, what it cost and how it was
 * decided. The REST API's Markdown view and the stored artifacts are both made here, so they agree.
 */
@Component
public class DocumentMarkdown {

    private final DocumentTypes types;
    private final MarkdownRenderer renderer;

    public DocumentMarkdown(DocumentTypes types, MarkdownRenderer renderer) {
        this.types = types;
        this.renderer = renderer;
    }

    public String render(Document document) {
        return renderer.render(types.get(document.docType()), document.content(), header(document));
    }

    private MarkdownRenderer.Header header(Document d) {
        List<String> facts = new ArrayList<>();
        facts.add("version " + d.version());
        facts.add("written by " + d.role());
        if (d.outcome() != null) {
            facts.add(d.outcome().name().toLowerCase());
        }
        facts.add(d.provider() + " / " + d.model() + ("offline".equals(d.provider()) ? " (deterministic, not AI)" : ""));
        facts.add(d.llmCalls() + " model call" + (d.llmCalls() == 1 ? "" : "s") + ", "
                + (d.inputTokens() + d.outputTokens()) + " tokens");
        if (d.approvalState() != Document.ApprovalState.NOT_REQUIRED) {
            facts.add(d.approvalState().name().toLowerCase() + (d.approvedBy() == null ? "" : " by " + d.approvedBy()));
        }
        return new MarkdownRenderer.Header(types.title(d), facts);
    }
}
