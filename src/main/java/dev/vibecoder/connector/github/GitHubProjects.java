package dev.vibecoder.connector.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The GitHub side of projects (tables of {@code V4__github.sql}): which issue started a project, the
 * deliveries that were acted on, and everything the hub created on GitHub for a project, recorded as
 * soon as it exists so that a redelivered event finds it instead of creating it again.
 */
@Repository
public class GitHubProjects {

    /**
     * A project started from an issue and what the hub created for it on GitHub.
     *
     * @param progressStale  the last update of the progress comment did not reach GitHub
     * @param publishedFiles the files of the branch's last commit made by the hub: path -> git blob sha
     */
    public record Link(UUID projectId, String repository, int issueNumber, String issueTitle, String requestedBy,
            Long progressCommentId, String progressDigest, boolean progressStale, String baseBranch, String headSha,
            Map<String, String> publishedFiles, String notedSha, Integer pullNumber, String publishError) {

        public String owner() {
            return repository.substring(0, repository.indexOf('/'));
        }

        public String name() {
            return repository.substring(repository.indexOf('/') + 1);
        }
    }

    private static final TypeReference<Map<String, String>> FILES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public GitHubProjects(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Link> find(UUID projectId) {
        return jdbc.query("select * from github_projects where project_id = ?", this::link, projectId).stream()
                .findFirst();
    }

    /** The link, locked until the surrounding transaction ends: one writer of a project's GitHub state at a time. */
    public Optional<Link> lock(UUID projectId) {
        return jdbc.query("select * from github_projects where project_id = ? for update", this::link, projectId)
                .stream().findFirst();
    }

    public Optional<Link> byIssue(String repository, int issueNumber) {
        return jdbc.query("select * from github_projects where lower(repository) = lower(?) and issue_number = ?",
                this::link, repository, issueNumber).stream().findFirst();
    }

    public Optional<Link> byPullRequest(String repository, int pullNumber) {
        return jdbc.query("select * from github_projects where lower(repository) = lower(?) and pull_number = ?",
                this::link, repository, pullNumber).stream().findFirst();
    }

    /**
     * Serialises the handling of one issue's events until the transaction ends (GitHub sends "opened"
     * and "labeled" together for an issue created with the label): the second sees the first's project.
     */
    public void lockIssue(String repository, int issueNumber) {
        jdbc.query("select pg_advisory_xact_lock(hashtext('github-issue:' || lower(?) || '#' || ?))", rs -> {
        }, repository, issueNumber);
    }

    public void link(Trigger.StartProject start, UUID projectId) {
        jdbc.update("""
                insert into github_projects (project_id, repository, issue_number, issue_title, requested_by)
                values (?, ?, ?, ?, ?)
                """, projectId, start.repository(), start.issueNumber(), start.issueTitle(), start.author());
    }

    /** The project an earlier delivery with this id acted on, if there was one. */
    public Optional<UUID> delivered(String deliveryId) {
        return jdbc.queryForList("select project_id from github_deliveries where delivery_id = ?", UUID.class,
                deliveryId).stream().findFirst();
    }

    public void delivery(String deliveryId, String event, String outcome, UUID projectId) {
        jdbc.update("insert into github_deliveries (delivery_id, event, outcome, project_id) values (?, ?, ?, ?)",
                deliveryId, event, outcome, projectId);
    }

    // --- the progress comment

    /** The comment on GitHub is this one, and shows what has this digest. */
    public void progressShown(UUID projectId, long commentId, String digest) {
        jdbc.update("""
                update github_projects set progress_comment_id = ?, progress_digest = ?, progress_stale = false
                 where project_id = ?
                """, commentId, digest, projectId);
    }

    public void progressStale(UUID projectId) {
        jdbc.update("update github_projects set progress_stale = true where project_id = ?", projectId);
    }

    /** Projects whose last comment update did not reach GitHub, longest waiting first. */
    public List<UUID> staleProgress(int limit) {
        return jdbc.queryForList("""
                select project_id from github_projects where progress_stale order by created_at limit ?
                """, UUID.class, limit);
    }

    // --- the branch and the pull request

    public void baseBranch(UUID projectId, String baseBranch) {
        jdbc.update("update github_projects set base_branch = ? where project_id = ?", baseBranch, projectId);
    }

    public void published(UUID projectId, String headSha, Map<String, String> files) {
        jdbc.update("""
                update github_projects set head_sha = ?, published_files = cast(? as jsonb), publish_error = null
                 where project_id = ?
                """, headSha, write(files), projectId);
    }

    public void pullRequestOpened(UUID projectId, int number, String headSha) {
        jdbc.update("""
                update github_projects set pull_number = ?, noted_sha = ?, publish_error = null
                 where project_id = ?
                """, number, headSha, projectId);
    }

    /** The note for this head is on the pull request: the publication is complete. */
    public void noted(UUID projectId, String headSha) {
        jdbc.update("update github_projects set noted_sha = ?, publish_error = null where project_id = ?", headSha,
                projectId);
    }

    /** A step of the publication failed: {@code reason} says which one and why. */
    public void publishFailed(UUID projectId, String reason) {
        jdbc.update("update github_projects set publish_error = ? where project_id = ?", reason, projectId);
    }

    // --- polling

    /** When the hub first polled this repository (now, if this is the first time). */
    public OffsetDateTime pollingSince(String repository) {
        jdbc.update("insert into github_poll_cursors (repository) values (lower(?)) on conflict do nothing",
                repository);
        return jdbc.queryForObject("select since from github_poll_cursors where repository = lower(?)",
                OffsetDateTime.class, repository);
    }

    private Link link(ResultSet rs, int row) throws SQLException {
        long commentId = rs.getLong("progress_comment_id");
        boolean noComment = rs.wasNull();
        int pullNumber = rs.getInt("pull_number");
        boolean noPull = rs.wasNull();
        return new Link(rs.getObject("project_id", UUID.class), rs.getString("repository"),
                rs.getInt("issue_number"), rs.getString("issue_title"), rs.getString("requested_by"),
                noComment ? null : commentId, rs.getString("progress_digest"), rs.getBoolean("progress_stale"),
                rs.getString("base_branch"), rs.getString("head_sha"), read(rs.getString("published_files")),
                rs.getString("noted_sha"), noPull ? null : pullNumber, rs.getString("publish_error"));
    }

    private Map<String, String> read(String files) throws SQLException {
        try {
            return files == null ? null : json.readValue(files, FILES);
        } catch (JsonProcessingException e) {
            throw new SQLException("github_projects.published_files is not a JSON object", e);
        }
    }

    private String write(Map<String, String> files) {
        try {
            return json.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("published files cannot be written as JSON", e);
        }
    }
}
