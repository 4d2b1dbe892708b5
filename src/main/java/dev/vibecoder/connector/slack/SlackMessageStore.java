package dev.vibecoder.connector.slack;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The Slack message of each waiting document ({@code slack_messages}). Posting is claimed first, for
 * a lease: two hubs handling two deliveries of one {@code <type>.awaiting} post once, and a hub that
 * died while posting lets another take over when the lease ends.
 */
@Repository
public class SlackMessageStore {

    /**
     * A posted message.
     *
     * @param decisionShown  the approval state its last update showed, or null while it has its buttons
     * @param remindersShown reminders posted in its thread
     */
    public record SlackMessage(UUID documentId, String channel, String ts, String decisionShown, int remindersShown) {
    }

    private final JdbcTemplate jdbc;

    public SlackMessageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the posting of a document's message; false when it was posted, or another hub is posting it. */
    public boolean claim(UUID documentId, Duration lease) {
        return jdbc.update("""
                insert into slack_messages (document_id, claimed_until) values (?, now() + make_interval(secs => ?))
                on conflict (document_id) do update set claimed_until = excluded.claimed_until
                 where slack_messages.ts is null and slack_messages.claimed_until < now()
                """, documentId, lease.toSeconds()) == 1;
    }

    public void posted(UUID documentId, String channel, String ts) {
        jdbc.update("update slack_messages set channel = ?, ts = ? where document_id = ?", channel, ts, documentId);
    }

    /** Gives up a claim whose posting failed, so that the redelivery may post. */
    public void release(UUID documentId) {
        jdbc.update("delete from slack_messages where document_id = ? and ts is null", documentId);
    }

    /** The document's message, once posted. */
    public Optional<SlackMessage> find(UUID documentId) {
        return jdbc.query("""
                select document_id, channel, ts, decision_shown, reminders_shown
                  from slack_messages where document_id = ? and ts is not null
                """, (rs, i) -> new SlackMessage(rs.getObject("document_id", UUID.class), rs.getString("channel"),
                rs.getString("ts"), rs.getString("decision_shown"), rs.getInt("reminders_shown")), documentId)
                .stream().findFirst();
    }

    public void decisionShown(UUID documentId, String approvalState) {
        jdbc.update("update slack_messages set decision_shown = ? where document_id = ?", approvalState, documentId);
    }

    public void remindersShown(UUID documentId, int reminders) {
        jdbc.update("update slack_messages set reminders_shown = greatest(reminders_shown, ?) where document_id = ?",
                reminders, documentId);
    }
}
