package dev.vibecoder.project;

import dev.vibecoder.broker.Outbox;
import dev.vibecoder.project.Project.Status;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Projects, their step runs and their timeline in PostgreSQL. */
@Repository
public class ProjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectStore.class);

    private static final RowMapper<Project> PROJECT = (rs, i) -> new Project(
            rs.getObject("id", UUID.class), rs.getString("idea"), rs.getString("workflow"), rs.getString("template"),
            rs.getString("source"), Status.valueOf(rs.getString("status")), rs.getString("status_reason"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
            rs.getObject("completed_at", OffsetDateTime.class));

    private static final RowMapper<StepRun> STEP = (rs, i) -> new StepRun(
            rs.getString("step_key"), rs.getObject("project_id", UUID.class), rs.getString("step_id"),
            rs.getString("subject"), rs.getString("role"), StepRun.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
            rs.getString("error"), rs.getObject("document_id", UUID.class),
            rs.getObject("queued_at", OffsetDateTime.class), rs.getObject("started_at", OffsetDateTime.class),
            rs.getObject("finished_at", OffsetDateTime.class));

    private static final RowMapper<ProjectEvent> EVENT = (rs, i) -> new ProjectEvent(
            rs.getLong("id"), rs.getString("kind"), rs.getString("step_id"), rs.getString("message"),
            rs.getObject("created_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;
    private final Outbox outbox;

    public ProjectStore(JdbcTemplate jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    public Project create(UUID id, String idea, String workflow, String template, String source) {
        return create(id, idea, workflow, template, source, null);
    }

    /** A new project; {@code requestedBy} is the identity that started it (null: a channel without one). */
    public Project create(UUID id, String idea, String workflow, String template, String source, String requestedBy) {
        jdbc.update("insert into projects (id, idea, workflow, template, source, requested_by) values (?, ?, ?, ?, ?, ?)",
                id, idea, workflow, template, source, requestedBy);
        event(id, "project.created", null, "project started with workflow '" + workflow + "'");
        return get(id).orElseThrow();
    }

    /** The identity that started the project, if one did. */
    public Optional<String> requestedBy(UUID id) {
        return jdbc.queryForList("select requested_by from projects where id = ? and requested_by is not null",
                String.class, id).stream().findFirst();
    }

    public Optional<Project> get(UUID id) {
        return jdbc.query("select * from projects where id = ?", PROJECT, id).stream().findFirst();
    }

    /** The project, its row locked until the surrounding transaction ends: its status cannot change meanwhile. */
    public Optional<Project> lock(UUID id) {
        return jdbc.query("select * from projects where id = ? for update", PROJECT, id).stream().findFirst();
    }

    /** Newest first; {@code status} may be null for all. */
    public List<Project> list(Status status, int limit, int offset) {
        if (status == null) {
            return jdbc.query("select * from projects order by created_at desc, id limit ? offset ?", PROJECT,
                    limit, offset);
        }
        return jdbc.query("select * from projects where status = ? order by created_at desc, id limit ? offset ?",
                PROJECT, status.name(), limit, offset);
    }

    /**
     * Moves a project that has not finished to a new status; a finished project keeps its end state.
     * A change is announced as {@code project.<status>} ({@code project.completed},
     * {@code project.failed}, ...) through the outbox, in the caller's transaction if there is one.
     */
    public boolean moveTo(UUID id, Status status, String reason) {
        int changed = jdbc.update("""
                update projects set status = ?, status_reason = ?, updated_at = now(),
                       completed_at = case when ? in ('COMPLETED', 'FAILED') then now() else completed_at end
                 where id = ? and status not in ('COMPLETED', 'FAILED') and status <> ?
                """, status.name(), reason, status.name(), id, status.name());
        if (changed == 1) {
            event(id, "project." + status.name().toLowerCase(), null,
                    reason == null ? "project " + status.name().toLowerCase().replace('_', ' ') : reason);
            announce(id, status);
        }
        return changed == 1;
    }

    private void announce(UUID id, Status status) {
        outbox.event(FlowEvent.project(id, status.name().toLowerCase()));
    }

    /**
     * Runs a failed project again because its failed work was sent back to the queues. Failed steps
     * are queued again; steps that were queued or running when the project failed are forgotten,
     * because roles drop the work of a failed project: the router dispatches them afresh. The failure
     * stays in the timeline.
     */
    @Transactional
    public boolean reopen(UUID id, String reason) {
        int changed = jdbc.update("""
                update projects set status = 'RUNNING', status_reason = null, updated_at = now(), completed_at = null
                 where id = ? and status = 'FAILED'
                """, id);
        if (changed == 1) {
            jdbc.update("delete from step_runs where project_id = ? and status in ('QUEUED', 'RUNNING')", id);
            jdbc.update("update step_runs set status = 'QUEUED', finished_at = null where project_id = ? and status = 'FAILED'",
                    id);
            event(id, "project.running", null, reason);
            announce(id, Status.RUNNING);
        }
        return changed == 1;
    }

    /** Runs a completed project again for a revision; false when it was not completed. */
    public boolean reopenForRevision(UUID id, String reason) {
        int changed = jdbc.update("""
                update projects set status = 'RUNNING', status_reason = null, updated_at = now(), completed_at = null
                 where id = ? and status = 'COMPLETED'
                """, id);
        if (changed == 1) {
            event(id, "project.revision", null, reason);
            announce(id, Status.RUNNING);
        }
        return changed == 1;
    }

    /** Records a dispatched step; false when this exact step (same inputs) was dispatched before. */
    public boolean queueStep(String stepKey, UUID projectId, String stepId, String subject, String role) {
        boolean fresh = jdbc.update("""
                insert into step_runs (step_key, project_id, step_id, subject, role, status)
                values (?, ?, ?, ?, ?, 'QUEUED')
                on conflict (step_key) do nothing
                """, stepKey, projectId, stepId, subject, role) == 1;
        if (fresh) {
            event(projectId, "step.queued", stepId, (subject.isEmpty() ? "" : "task " + subject + " ") + "queued for "
                    + role);
        }
        return fresh;
    }

    public void stepStarted(String stepKey) {
        jdbc.update("""
                update step_runs set status = 'RUNNING', attempts = attempts + 1, started_at = now(), error = null
                 where step_key = ? and status <> 'DONE'
                """, stepKey);
    }

    public void stepDone(String stepKey, UUID documentId, String message) {
        int changed = jdbc.update("""
                update step_runs set status = 'DONE', document_id = ?, finished_at = now(), error = null
                 where step_key = ? and status <> 'DONE'
                """, documentId, stepKey);
        if (changed == 1) {
            stepRun(stepKey).ifPresent(run -> event(run.projectId(), "step.done", run.stepId(), message));
        }
    }

    /** Marks a step and its project failed with the reason; the reason is what users will read. */
    public void stepFailed(String stepKey, UUID projectId, String stepId, String reason) {
        LOG.warn("project {} step {} failed: {}", projectId, stepId, reason);
        jdbc.update("""
                update step_runs set status = 'FAILED', error = ?, finished_at = now()
                 where step_key = ? and status <> 'DONE'
                """, reason, stepKey);
        event(projectId, "step.failed", stepId, reason);
        moveTo(projectId, Status.FAILED, "step '" + stepId + "' failed: " + reason);
    }

    /**
     * Parks a step whose model provider is unavailable: it is queued again (its order comes back
     * later) and the project waits for the model instead of failing.
     */
    public void stepWaitingForModel(String stepKey, UUID projectId, String stepId, String reason) {
        LOG.warn("project {} step {} waits for its model: {}", projectId, stepId, reason);
        jdbc.update("""
                update step_runs set status = 'QUEUED', error = ?, finished_at = null
                 where step_key = ? and status <> 'DONE'
                """, reason, stepKey);
        event(projectId, "step.waiting", stepId, "waiting for the model: " + reason);
        moveTo(projectId, Status.WAITING_FOR_MODEL, "step '" + stepId + "' waits for its model: " + reason);
    }

    /**
     * Parks a step at the project's budget checkpoint: it is queued again once the budget is raised,
     * and the project waits for that decision.
     */
    public void stepWaitingForBudget(String stepKey, UUID projectId, String stepId, String reason) {
        LOG.info("project {} step {} waits for a budget decision: {}", projectId, stepId, reason);
        jdbc.update("""
                update step_runs set status = 'QUEUED', error = ?, finished_at = null
                 where step_key = ? and status <> 'DONE'
                """, reason, stepKey);
        event(projectId, "budget.exceeded", stepId, reason);
        moveTo(projectId, Status.WAITING_FOR_BUDGET, "budget: " + reason);
    }

    /** A project that waited for its model runs again once a model answered one of its steps. */
    public void modelAnswered(UUID projectId) {
        int changed = jdbc.update("""
                update projects set status = 'RUNNING', status_reason = null, updated_at = now()
                 where id = ? and status = 'WAITING_FOR_MODEL'
                """, projectId);
        if (changed == 1) {
            event(projectId, "project.running", null, "the model answers again");
            announce(projectId, Status.RUNNING);
        }
    }

    /** The step keys of a project's work that is queued or running. */
    public java.util.Set<String> activeStepKeys(UUID projectId) {
        return new java.util.HashSet<>(jdbc.queryForList(
                "select step_key from step_runs where project_id = ? and status in ('QUEUED', 'RUNNING')", String.class,
                projectId));
    }

    /** The steps each project is working on now (queued or running), by project. */
    public Map<UUID, List<String>> activeSteps(List<UUID> projectIds) {
        Map<UUID, List<String>> active = new HashMap<>();
        if (projectIds.isEmpty()) {
            return active;
        }
        jdbc.query("""
                select project_id, step_id, subject from step_runs
                 where status in ('QUEUED', 'RUNNING') and project_id = any(?)
                 order by queued_at
                """, rs -> {
            active.computeIfAbsent(rs.getObject("project_id", UUID.class), k -> new ArrayList<>())
                    .add(rs.getString("subject").isEmpty() ? rs.getString("step_id")
                            : rs.getString("step_id") + "[" + rs.getString("subject") + "]");
        }, (Object) projectIds.toArray(UUID[]::new));
        return active;
    }

    public Optional<StepRun> stepRun(String stepKey) {
        return jdbc.query("select * from step_runs where step_key = ?", STEP, stepKey).stream().findFirst();
    }

    public List<StepRun> steps(UUID projectId) {
        return jdbc.query("select * from step_runs where project_id = ? order by queued_at, step_key", STEP, projectId);
    }

    public void event(UUID projectId, String kind, String stepId, String message) {
        jdbc.update("insert into project_events (project_id, kind, step_id, message) values (?, ?, ?, ?)",
                projectId, kind, stepId, message);
    }

    /** Timeline entries after {@code afterId}, oldest first: what a follower has not seen yet. */
    public List<ProjectEvent> events(UUID projectId, long afterId) {
        return jdbc.query("select * from project_events where project_id = ? and id > ? order by id", EVENT,
                projectId, afterId);
    }
}
