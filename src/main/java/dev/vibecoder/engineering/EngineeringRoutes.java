package dev.vibecoder.engineering;

import dev.vibecoder.broker.BrokerProperties;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.aggregate.jdbc.PostgresAggregationRepository;
import org.apache.camel.spi.AggregationRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * One route per hub step from the {@code hub-step} template in {@code routes/engineering.yaml}, and
 * the durable repository of the wave join.
 */
@Configuration(proxyBeanMethods = false)
public class EngineeringRoutes {

    /** The wave join's groups, in PostgreSQL (tables wave_aggregation and wave_aggregation_completed). */
    @Bean
    AggregationRepository waveJoins(PlatformTransactionManager transactions, DataSource dataSource) {
        // the group's String and Integer headers (project, breakdown, wave, its size) are stored with it
        return new PostgresAggregationRepository(transactions, "wave_aggregation", dataSource);
    }

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
