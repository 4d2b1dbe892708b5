package dev.vibecoder.connector.slack;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import java.util.List;
import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Slack connector's queue, {@code <ns>.slack}: documents starting to wait, the decisions on
 * them, and reminders. Declared only when Slack is configured: a queue nobody consumes would only
 * fill up.
 */
@Configuration(proxyBeanMethods = false)
public class SlackTopology {

    /** The checkpoint events the connector reacts to. */
    static final List<String> BINDINGS = List.of("*.awaiting", "*.approved", "*.rejected", "*.overdue",
            "project.waiting_for_budget", "project.budget_raised", "project.budget_rejected");

    @Bean
    Declarables slackQueue(BrokerProperties broker, SlackSettings slack) {
        if (!slack.enabled()) {
            return new Declarables();
        }
        return BrokerTopology.eventQueue(broker.slackQueue(), broker, BINDINGS);
    }
}
