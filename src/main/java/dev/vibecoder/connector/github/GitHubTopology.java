package dev.vibecoder.connector.github;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The GitHub connector's queues on the documents exchange: {@code <ns>.github.progress} gets every
 * event that changes what a progress comment shows, {@code <ns>.github.publish} every completed
 * project. Two queues, so that a slow or failing publication never holds up the comments.
 */
@Configuration(proxyBeanMethods = false)
public class GitHubTopology {

    /** The events after which a progress comment may show something new. */
    static final List<String> PROGRESS_BINDINGS = List.of("*.created", "*.awaiting", "*.approved", "*.rejected",
            "project.completed");

    static String progressQueue(BrokerProperties broker) {
        return broker.namespace() + ".github.progress";
    }

    static String publishQueue(BrokerProperties broker) {
        return broker.namespace() + ".github.publish";
    }

    @Bean
    Declarables gitHubQueues(BrokerProperties broker) {
        TopicExchange documents = new TopicExchange(broker.documentsExchange(), true, false);
        List<Declarable> declarables = new ArrayList<>();
        Queue progress = BrokerTopology.queue(progressQueue(broker), broker);
        declarables.add(progress);
        for (String key : PROGRESS_BINDINGS) {
            declarables.add(BindingBuilder.bind(progress).to(documents).with(key));
        }
        Queue publish = BrokerTopology.queue(publishQueue(broker), broker);
        declarables.add(publish);
        declarables.add(BindingBuilder.bind(publish).to(documents).with("project.completed"));
        return new Declarables(declarables);
    }
}
