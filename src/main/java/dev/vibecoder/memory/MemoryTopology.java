package dev.vibecoder.memory;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import java.util.List;
import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The memory recorder's queue: a copy of the events of the documents it learns from (failed checks
 * and test runs, and the fixes that answer them); role documents are remembered by the role routes.
 */
@Configuration(proxyBeanMethods = false)
public class MemoryTopology {

    static final List<String> BINDINGS = List.of("workspace.created", "test-report.created", "fix.created");

    @Bean
    Declarables memoryQueue(BrokerProperties broker) {
        return BrokerTopology.eventQueue(broker.memoryQueue(), broker, BINDINGS);
    }
}
