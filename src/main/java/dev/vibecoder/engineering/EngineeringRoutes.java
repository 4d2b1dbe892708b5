package dev.vibecoder.engineering;

import dev.vibecoder.broker.BrokerProperties;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
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

    /**
     * The wave join's groups, in PostgreSQL (tables wave_aggregation and wave_aggregation_completed):
     * a restart finds the tasks of a wave that already reported. Camel's JDBC repository rather than
     * its PostgreSQL subclass, whose insert in 4.17 binds a version column it does not write; two hubs
     * adding to one group at once meet as an optimistic locking conflict, which the aggregator retries.
     */
    @Bean
    AggregationRepository waveJoins(PlatformTransactionManager transactions, DataSource dataSource) {
        // the group's String and Integer headers (project, breakdown, wave, its size) are stored with it
        JdbcAggregationRepository repository = new JdbcAggregationRepository(transactions, "wave_aggregation",
                dataSource);
        repository.setUseRecovery(true);
        return repository;
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
