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
import java.util.TreeSet;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dependency waves of a project's task breakdown: computed once per breakdown version and
 * recorded (the wave-join aggregator needs to know each wave's members), and the waves whose tasks
 * all have their code (joined by the aggregator, read by the router before it starts the next wave).
 */
@Component("taskWaves")
public class TaskWaves {

    private static final Logger LOG = LoggerFactory.getLogger(TaskWaves.class);
    private static final int CACHED_GRAPHS = 256;

    /** Headers the wave-join route sets on a task's code event. */
    public static final String PROJECT = "vibecoderProjectId";
    public static final String BREAKDOWN = "vibecoderBreakdownId";
    public static final String WAVE = "vibecoderWave";
    public static final String WAVE_SIZE = "vibecoderWaveSize";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
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

    public TaskWaves(JdbcTemplate jdbc, TransactionTemplate tx, DocumentStore documents, ProjectStore projects,
            Outbox outbox) {
        this.jdbc = jdbc;
        this.tx = tx;
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
        graphs.put(breakdownId, graph);
        return graph;
    }

    public Set<Integer> joinedWaves(UUID breakdownId) {
        return new HashSet<>(jdbc.queryForList("select wave from wave_joins where breakdown_id = ?", Integer.class,
                breakdownId));
    }

    /**
     * Marks a code event with its wave (project, breakdown, wave, wave size) for the aggregator;
     * returns the task id, or null when the document is not a task's code of a recorded wave.
     */
    public String member(FlowEvent event, Exchange exchange) {
        if (event.documentId() == null) {
            return null;
        }
        Document code = documents.head(event.documentId());
        if (code.subject().isEmpty()) {
            return null;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select w.breakdown_id, w.wave,
                       (select count(*) from task_waves x where x.breakdown_id = w.breakdown_id and x.wave = w.wave) as size
                  from task_waves w
                 where w.breakdown_id = any(?) and w.task_id = ?
                """, code.inputIds().toArray(UUID[]::new), code.subject());
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        exchange.getMessage().setHeader(PROJECT, code.projectId().toString());
        exchange.getMessage().setHeader(BREAKDOWN, row.get("breakdown_id").toString());
        exchange.getMessage().setHeader(WAVE, ((Number) row.get("wave")).intValue());
        exchange.getMessage().setHeader(WAVE_SIZE, ((Number) row.get("size")).intValue());
        return code.subject();
    }

    /**
     * Records a joined wave and announces it; a group that completed by timeout without all its
     * tasks (its breakdown was replaced) is dropped.
     */
    public void join(Set<String> tasks, @Header(PROJECT) String projectId, @Header(BREAKDOWN) String breakdownId,
            @Header(WAVE) int wave, @Header(WAVE_SIZE) int size) {
        if (tasks.size() < size) {
            LOG.info("wave {} of breakdown {} expired with {} of {} tasks; not joined", wave, breakdownId, tasks.size(),
                    size);
            return;
        }
        UUID project = UUID.fromString(projectId);
        // the join and its announcement commit together: the router never misses a joined wave
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.update("""
                    insert into wave_joins (breakdown_id, wave, project_id) values (?, ?, ?) on conflict do nothing
                    """, UUID.fromString(breakdownId), wave, project);
            if (inserted == 1) {
                projects.event(project, "wave.joined", "implementation", "wave " + (wave + 1) + " joined: "
                        + String.join(", ", new TreeSet<>(tasks)));
                outbox.event(new FlowEvent(project, "wave", "joined", null, null, null));
            }
        });
    }
}
