package dev.vibecoder.engineering;

import dev.vibecoder.broker.Outbox;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.ProjectStore;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The dependency waves of a project's task breakdown: computed once per breakdown version and
 * recorded (the wave join needs to know each wave's members), and the waves whose tasks all have
 * their code (joined on the tasks' code events, read by the router before it starts the next wave).
 */
@Component("taskWaves")
public class TaskWaves {

    private static final Logger LOG = LoggerFactory.getLogger(TaskWaves.class);
    private static final int CACHED_GRAPHS = 256;

    private final JdbcTemplate jdbc;
    private final DocumentStore documents;
    private final ProjectStore projects;
    private final Outbox outbox;
    /** Breakdown versions are immutable, so their graphs can be kept; null marks an invalid graph. */
    private final Map<UUID, TaskGraph> graphs = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, TaskGraph> eldest) {
            return size() > CACHED_GRAPHS;
        }
    });

    public TaskWaves(JdbcTemplate jdbc, DocumentStore documents, ProjectStore projects, Outbox outbox) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.projects = projects;
        this.outbox = outbox;
    }

    /** The graph of a breakdown version, its waves recorded; null when the graph is invalid. */
    public TaskGraph graph(UUID projectId, UUID breakdownId) {
        if (graphs.containsKey(breakdownId)) {
            return graphs.get(breakdownId);
        }
        Document breakdown = documents.get(breakdownId);
        List<String> problems = TaskGraph.problems(breakdown.content());
        TaskGraph graph = problems.isEmpty() ? TaskGraph.of(breakdown.content()) : null;
        if (graph == null) {
            // the role's review rejects such graphs; one that got through anyway is not run
            LOG.error("task breakdown {} of project {} has an invalid graph: {}", breakdownId, projectId, problems);
        } else {
            for (int wave = 0; wave < graph.waves().size(); wave++) {
                for (TaskGraph.Task task : graph.waves().get(wave)) {
                    jdbc.update("""
                            insert into task_waves (breakdown_id, project_id, task_id, wave) values (?, ?, ?, ?)
                            on conflict do nothing
                            """, breakdownId, projectId, task.id(), wave);
                }
            }
        }
        rememberOnCommit(breakdownId, graph);
        return graph;
    }

    /**
     * Keeps a graph once its waves are committed: a decision that is rolled back and retried must
     * record them again, or the wave join would find no wave for the tasks it then starts.
     */
    private void rememberOnCommit(UUID breakdownId, TaskGraph graph) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            graphs.put(breakdownId, graph);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                graphs.put(breakdownId, graph);
            }
        });
    }

    public Set<Integer> joinedWaves(UUID breakdownId) {
        return new HashSet<>(jdbc.queryForList("select wave from wave_joins where breakdown_id = ?", Integer.class,
                breakdownId));
    }

    /**
     * Joins the wave of the task whose code an event announces, if that code completes it: every
     * task of the wave has a document of the event's type made from the same breakdown. Records the
     * join and puts {@code wave.joined} in the outbox, in the caller's transaction, so that the event
     * is acknowledged only once both are stored and a failure leaves it to be delivered again. Safe
     * to repeat (redeliveries, the events of a wave's last tasks, two hubs at once): the join's
     * primary key lets exactly one transaction record it and announce it.
     */
    public void joinWave(FlowEvent event) {
        if (event.documentId() == null) {
            return;
        }
        Document code = documents.head(event.documentId());
        if (code.subject().isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select breakdown_id, wave from task_waves where breakdown_id = any(?) and task_id = ?
                """, code.inputIds().toArray(UUID[]::new), code.subject());
        if (rows.isEmpty()) {
            return;
        }
        UUID breakdownId = (UUID) rows.get(0).get("breakdown_id");
        int wave = ((Number) rows.get(0).get("wave")).intValue();
        // a document is committed before its event is published: the last task's event sees them all
        Map<String, Boolean> tasks = new TreeMap<>();
        jdbc.query("""
                select w.task_id, exists (select 1 from documents d join document_inputs i on i.document_id = d.id
                                           where d.project_id = w.project_id and d.doc_type = ?
                                             and d.subject = w.task_id and i.input_id = w.breakdown_id) as done
                  from task_waves w
                 where w.breakdown_id = ? and w.wave = ?
                """, rs -> {
                    tasks.put(rs.getString("task_id"), rs.getBoolean("done"));
                }, code.docType(), breakdownId, wave);
        if (tasks.containsValue(false)) {
            return;
        }
        int inserted = jdbc.update("""
                insert into wave_joins (breakdown_id, wave, project_id) values (?, ?, ?) on conflict do nothing
                """, breakdownId, wave, code.projectId());
        if (inserted == 1) {
            projects.event(code.projectId(), "wave.joined", "implementation", "wave " + (wave + 1) + " joined: "
                    + String.join(", ", tasks.keySet()));
            outbox.event(new FlowEvent(code.projectId(), "wave", "joined", null, null, null));
        }
    }
}
