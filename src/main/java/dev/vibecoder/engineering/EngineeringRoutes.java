package dev.vibecoder.engineering;

import dev.vibecoder.broker.BrokerProperties;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One route per hub step from the {@code hub-step} template in {@code routes/engineering.yaml}. */
@Configuration(proxyBeanMethods = false)
public class EngineeringRoutes {

    @Bean
    RouteBuilder hubStepRoutes(BrokerProperties broker) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (Runner runner : Runner.values()) {
                    templatedRoute("hub-step")
                            .routeId("hub-" + runner.id())
                            .parameter("runner", runner.id())
                            .parameter("queue", broker.runnerQueue(runner.id()))
                            .parameter("bean", runner.bean());
                }
            }
        };
    }
}
