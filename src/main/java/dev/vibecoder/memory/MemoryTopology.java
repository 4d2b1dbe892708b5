package dev.vibecoder.memory;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The memory recorder's queue: a copy of every {@code <type>.created} event on the documents exchange. */
@Configuration(proxyBeanMethods = false)
public class MemoryTopology {

    @Bean
    Declarables memoryQueue(BrokerProperties broker) {
        Queue queue = BrokerTopology.queue(broker.memoryQueue(), broker);
        return new Declarables(queue, BindingBuilder.bind(queue)
                .to(new TopicExchange(broker.documentsExchange(), true, false)).with("*.created"));
    }
}
