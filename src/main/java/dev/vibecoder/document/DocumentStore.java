package dev.vibecoder.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.document.Document.ApprovalState;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Documents in PostgreSQL. Versions are immutable: a new content is a new row with the next version
 * number of its (project, type, subject). The step key is unique, so storing the same step twice
 * returns the version stored first instead of adding another.
 */
@Repository
public class DocumentStore {

    private static final String METADATA = """
            d.id, d.project_id, d.doc_type, d.subject, d.version, d.step_id, d.step_key, d.parent_id, d.role,
            d.provider, d.model, d.input_tokens, d.output_tokens, d.llm_calls, d.outcome, d.approval_state,
            d.approved_by, d.approved_at, d.approval_comment, d.created_at,
            array(select i.input_id from document_inputs i where i.document_id = d.id order by i.input_id) as input_ids
            """;
    private static final String COLUMNS = METADATA + ", d.content::text as content";
    /** Everything but the content: for decisions that need versions and states, not the documents' text. */
    private static final String HEAD_COLUMNS = METADATA + ", null as content";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final RowMapper<Document> rowMapper = this::map;

    public DocumentStore(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    /**
     * Stores a draft as the next version of its type, or returns the version its step key already
     * produced (a redelivered work order).
     */
    public Document store(Document.Draft draft) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> insert(draft));
            } catch (DuplicateKeyException e) {
                // two different steps raced for the same version number: take the next one
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private Document insert(Document.Draft draft) {
        Optional<Document> existing = findByStepKey(draft.stepKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        Optional<Document> parent = latest(draft.projectId(), draft.docType(), draft.subject());
        UUID id = UUID.randomUUID();
        int inserted = jdbc.update("""
                insert into documents (id, project_id, doc_type, subject, version, step_id, step_key, parent_id, role,
                    provider, model, content, input_tokens, output_tokens, llm_calls, outcome, approval_state)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?)
                on conflict (step_key) do nothing
                """,
                id, draft.projectId(), draft.docType(), draft.subject(), parent.map(p -> p.version() + 1).orElse(1),
                draft.stepId(), draft.stepKey(), parent.map(Document::id).orElse(null), draft.role(), draft.provider(),
                draft.model(), write(draft), draft.inputTokens(), draft.outputTokens(), draft.llmCalls(),
                draft.outcome() == null ? null : draft.outcome().name(), draft.approvalState().name());
        if (inserted == 0) {
            // a concurrent delivery of the same step won the race
            return findByStepKey(draft.stepKey()).orElseThrow();
        }
        for (UUID input : draft.inputIds()) {
            jdbc.update("insert into document_inputs (document_id, input_id) values (?, ?)", id, input);
        }
        return get(id);
    }

    public Document get(UUID id) {
        return jdbc.query("select " + COLUMNS + " from documents d where d.id = ?", rowMapper, id).stream()
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no document " + id));
    }

    /** A version's metadata without its content (which is {@code null}): for decisions on states and lineage. */
    public Document head(UUID id) {
        return jdbc.query("select " + HEAD_COLUMNS + " from documents d where d.id = ?", rowMapper, id).stream()
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no document " + id));
    }

    /** The metadata of these versions (contents {@code null}), in one query, oldest first. */
    public List<Document> heads(java.util.Collection<UUID> ids) {
        return jdbc.query("select " + HEAD_COLUMNS + " from documents d where d.id = any(?) order by d.created_at, d.id",
                rowMapper, (Object) ids.toArray(UUID[]::new));
    }

    public Optional<Document> findByStepKey(String stepKey) {
        return jdbc.query("select " + COLUMNS + " from documents d where d.step_key = ?", rowMapper, stepKey)
                .stream().findFirst();
    }

    /** The newest version of a document that is one per project (subject ""). */
    public Optional<Document> latest(UUID projectId, String docType) {
        return latest(projectId, docType, "");
    }

    public Optional<Document> latest(UUID projectId, String docType, String subject) {
        return jdbc.query("select " + COLUMNS + """
                 from documents d where d.project_id = ? and d.doc_type = ? and d.subject = ?
                order by d.version desc limit 1
                """, rowMapper, projectId, docType, subject).stream().findFirst();
    }

    public Optional<Document> version(UUID projectId, String docType, String subject, int version) {
        return jdbc.query("select " + COLUMNS
                        + " from documents d where d.project_id = ? and d.doc_type = ? and d.subject = ? and d.version = ?",
                rowMapper, projectId, docType, subject, version).stream().findFirst();
    }

    /** Every version of one type of a project, all subjects, oldest first. */
    public List<Document> ofType(UUID projectId, String docType) {
        return jdbc.query("select " + COLUMNS
                        + " from documents d where d.project_id = ? and d.doc_type = ? order by d.created_at, d.id",
                rowMapper, projectId, docType);
    }

    /** The newest version of each document type and subject of a project, in the order they were made. */
    public List<Document> latestOfEachType(UUID projectId) {
        return latestOfEachType(projectId, COLUMNS);
    }

    /** {@link #latestOfEachType} without the contents (which are {@code null}). */
    public List<Document> latestHeadsOfEachType(UUID projectId) {
        return latestOfEachType(projectId, HEAD_COLUMNS);
    }

    private List<Document> latestOfEachType(UUID projectId, String columns) {
        return jdbc.query("select " + columns + """
                 from documents d
                where d.project_id = ?
                  and d.version = (select max(x.version) from documents x
                                    where x.project_id = d.project_id and x.doc_type = d.doc_type
                                      and x.subject = d.subject)
                order by d.created_at, d.id
                """, rowMapper, projectId);
    }

    /** Every version of every document of a project, in the order they were made. */
    public List<Document> history(UUID projectId) {
        return history(projectId, COLUMNS);
    }

    /** {@link #history} without the contents (which are {@code null}). */
    public List<Document> historyHeads(UUID projectId) {
        return history(projectId, HEAD_COLUMNS);
    }

    private List<Document> history(UUID projectId, String columns) {
        return jdbc.query("select " + columns + " from documents d where d.project_id = ? order by d.created_at, d.id",
                rowMapper, projectId);
    }

    /** How many documents of a type each step made (the fix loops count their attempts so). */
    public java.util.Map<String, Integer> countByStep(UUID projectId, String docType) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        jdbc.query("select step_id, count(*) as n from documents where project_id = ? and doc_type = ? group by step_id",
                rs -> {
                    counts.put(rs.getString("step_id"), rs.getInt("n"));
                }, projectId, docType);
        return counts;
    }

    /** The step keys a project's documents were made for: the work already done. */
    public java.util.Set<String> stepKeys(UUID projectId) {
        return new java.util.HashSet<>(
                jdbc.queryForList("select step_key from documents where project_id = ?", String.class, projectId));
    }

    /** Asks a human to decide on a document (a failure the fixer could not repair); false if already asked. */
    public boolean requestDecision(UUID documentId) {
        return jdbc.update("update documents set approval_state = 'PENDING' where id = ? and approval_state = 'NOT_REQUIRED'",
                documentId) == 1;
    }

    /**
     * Marks a used document rejected by a reviewer of the finished project, with the review as the
     * comment, so that its step is redone with it as feedback; false when it was not in use.
     */
    public boolean rejectForRevision(UUID documentId, String by, String comment) {
        return jdbc.update("""
                update documents set approval_state = 'REJECTED', approved_by = ?, approved_at = now(),
                       approval_comment = ?
                 where id = ? and approval_state in ('NOT_REQUIRED', 'APPROVED')
                """, by, comment, documentId) == 1;
    }

    /** Records a human decision on a document waiting for approval; false when it was not waiting. */
    public boolean decide(UUID documentId, boolean approved, String by, String comment) {
        return jdbc.update("""
                update documents set approval_state = ?, approved_by = ?, approved_at = now(), approval_comment = ?
                 where id = ? and approval_state = 'PENDING'
                """, approved ? "APPROVED" : "REJECTED", by, comment, documentId) == 1;
    }

    private String write(Document.Draft draft) {
        try {
            return json.writeValueAsString(draft.content());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document content cannot be written as JSON", e);
        }
    }

    private Document map(ResultSet rs, int row) throws SQLException {
        try {
            return new Document(
                    rs.getObject("id", UUID.class),
                    rs.getObject("project_id", UUID.class),
                    rs.getString("doc_type"),
                    rs.getString("subject"),
                    rs.getInt("version"),
                    rs.getString("step_id"),
                    rs.getString("step_key"),
                    rs.getObject("parent_id", UUID.class),
                    uuids(rs.getArray("input_ids")),
                    rs.getString("role"),
                    rs.getString("provider"),
                    rs.getString("model"),
                    content(rs.getString("content")),
                    rs.getInt("input_tokens"),
                    rs.getInt("output_tokens"),
                    rs.getInt("llm_calls"),
                    rs.getString("outcome") == null ? null : Document.Outcome.valueOf(rs.getString("outcome")),
                    ApprovalState.valueOf(rs.getString("approval_state")),
                    rs.getString("approved_by"),
                    rs.getObject("approved_at", OffsetDateTime.class),
                    rs.getString("approval_comment"),
                    rs.getObject("created_at", OffsetDateTime.class));
        } catch (JsonProcessingException e) {
            throw new SQLException("stored document content is not JSON", e);
        }
    }

    private JsonNode content(String text) throws JsonProcessingException {
        return text == null ? null : json.readTree(text);
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(o -> (UUID) o).toList();
    }
}
