package dev.vibecoder.engineering;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engineering loop's queues: one per hub step ({@code <ns>.run.<runner>} on the work exchange)
 * and the wave join's ({@code <ns>.waves}, taking {@code code.created}).
 */
@Configuration(proxyBeanMethods = false)
public class EngineeringTopology {

    @Bean
    Declarables engineeringQueues(BrokerProperties broker) {
        List<Declarable> declarables = new ArrayList<>();
        DirectExchange work = new DirectExchange(broker.workExchange(), true, false);
        for (Runner runner : Runner.values()) {
            Queue queue = BrokerTopology.queue(broker.runnerQueue(runner.id()), broker);
            declarables.add(queue);
            declarables.add(BindingBuilder.bind(queue).to(work).with(broker.runnerRoutingKey(runner.id())));
        }
        declarables.addAll(BrokerTopology.eventQueue(broker.wavesQueue(), broker, List.of("code.created"))
                .getDeclarables());
        return new Declarables(declarables);
    }
}
