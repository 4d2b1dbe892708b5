package dev.vibecoder.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.project.FlowEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox. A route that changes state and announces it writes the announcement
 * here, in the same database transaction; the {@code outbox-relay} route publishes it after the
 * commit. So a consumer never sees an event before the state it announces, and a crash between
 * commit and publish loses nothing: the relay's sweep publishes what is left.
 */
@Component("outbox")
public class Outbox {

    /** A claimed row, ready to publish. */
    public record Message(long id, String exchange, String routingKey, byte[] payload) {
    }

    static final String WAKE_UP = "seda:outbox-wakeup?size=4&discardWhenFull=true";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final BrokerProperties broker;
    private final ProducerTemplate camel;
    private final int leaseSeconds;

    public Outbox(JdbcTemplate jdbc, ObjectMapper json, BrokerProperties broker, ProducerTemplate camel,
            @Value("${vibecoder.outbox.lease-seconds:15}") int leaseSeconds) {
        this.jdbc = jdbc;
        this.json = json;
        this.broker = broker;
        this.camel = camel;
        this.leaseSeconds = leaseSeconds;
    }

    /** A project or document event for the documents exchange. */
    public void event(FlowEvent event) {
        add(broker.documentsExchange(), event.routingKey(), event);
    }

    /** A work order for its role's or runner's queue. */
    public void workOrder(WorkOrder order) {
        add(broker.workExchange(), broker.routingKey(order), order);
    }

    /** A work order to publish once {@code delay} has passed: how a step waiting for its model comes back. */
    public void workOrderAfter(WorkOrder order, Duration delay) {
        add(broker.workExchange(), broker.routingKey(order), order, delay);
    }

    /**
     * Makes the work orders waiting for these routing keys (roles) available now instead of at the
     * end of their delay: a provider that may be back gets its parked steps at once. Rows a relay
     * holds (their lease ends sooner than any delay left) are not touched, so nothing is published twice.
     */
    public int releaseWorkOrders(Collection<String> routingKeys) {
        int released = jdbc.update("""
                update outbox set available_at = now()
                 where exchange = ? and routing_key = any(?) and available_at > now() + make_interval(secs => ?)
                """, broker.workExchange(), routingKeys.toArray(String[]::new), leaseSeconds);
        if (released > 0) {
            wakeUpRelay();
        }
        return released;
    }

    private void add(String exchange, String routingKey, Object payload) {
        add(exchange, routingKey, payload, Duration.ZERO);
    }

    private void add(String exchange, String routingKey, Object payload, Duration delay) {
        try {
            jdbc.update("""
                    insert into outbox (exchange, routing_key, payload, available_at)
                    values (?, ?, ?, now() + make_interval(secs => ?))
                    """, exchange, routingKey, json.writeValueAsBytes(payload), delay.toMillis() / 1000.0);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + payload.getClass().getSimpleName() + " as JSON", e);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUpRelay();
                }
            });
        } else {
            wakeUpRelay();
        }
    }

    private void wakeUpRelay() {
        // coalesced: when four wake-ups already wait, they will publish this row too
        camel.sendBody(WAKE_UP, "wake-up");
    }

    /**
     * Claims the oldest available rows for a lease. Rows another relay holds are skipped, so several
     * hubs share the work; rows of a relay that died become available again when the lease ends.
     */
    public List<Message> claim(int limit) {
        return jdbc.query("""
                update outbox set available_at = now() + make_interval(secs => ?), attempts = attempts + 1
                 where id in (select id from outbox where available_at <= now()
                               order by id limit ? for update skip locked)
                returning id, exchange, routing_key, payload
                """, (rs, i) -> new Message(rs.getLong("id"), rs.getString("exchange"), rs.getString("routing_key"),
                rs.getBytes("payload")), leaseSeconds, limit).stream()
                .sorted(java.util.Comparator.comparingLong(Message::id)).toList();
    }

    /** Forgets a row the broker confirmed. */
    public void published(long id) {
        jdbc.update("delete from outbox where id = ?", id);
    }

    /** Rows not yet published (for health and tests). */
    public long pending() {
        Long count = jdbc.queryForObject("select count(*) from outbox", Long.class);
        return count == null ? 0 : count;
    }
}
