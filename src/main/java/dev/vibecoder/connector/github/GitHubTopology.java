package dev.vibecoder.connector.github;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The GitHub connector's queues on the documents exchange: {@code <ns>.github.progress} gets every
 * event that changes what a progress comment shows, {@code <ns>.github.publish} every completed
 * project. Two queues, so that a slow or failing publication never holds up the comments. A
 * completion goes to the publisher only: it brings the comment up to date once the pull request is
 * open (or could not be).
 */
@Configuration(proxyBeanMethods = false)
public class GitHubTopology {

    /**
     * The events after which a progress comment may show something new: documents and decisions,
     * and the project's status changes but its completion.
     */
    static final List<String> PROGRESS_BINDINGS = List.of("*.created", "*.awaiting", "*.approved", "*.rejected",
            "project.running", "project.awaiting_approval", "project.failed");

    @Bean
    Declarables gitHubQueues(BrokerProperties broker) {
        List<Declarable> declarables = new ArrayList<>(
                BrokerTopology.eventQueue(broker.gitHubProgressQueue(), broker, PROGRESS_BINDINGS).getDeclarables());
        declarables.addAll(BrokerTopology.eventQueue(broker.gitHubPublishQueue(), broker, List.of("project.completed"))
                .getDeclarables());
        return new Declarables(declarables);
    }
}
