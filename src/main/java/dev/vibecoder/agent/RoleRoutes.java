package dev.vibecoder.agent;

import dev.vibecoder.agent.llm.RoleModels;
import dev.vibecoder.broker.BrokerProperties;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes one route per configured role from the {@code role-worker} template in
 * {@code routes/roles.yaml}, and binds each role's chat model where the template's endpoint looks
 * for it ({@code #chatModel-<role>}). Adding a role is adding a file under {@code config/roles/}.
 */
@Configuration(proxyBeanMethods = false)
public class RoleRoutes {

    /** Finished steps, by step key, for the role routes' idempotent consumer. */
    @Bean
    IdempotentRepository stepLedger(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, "role-steps");
        repository.setTableName("camel_messageprocessed");
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    @Bean
    RouteBuilder roleWorkerRoutes(RoleCatalog roles, RoleModels models, BrokerProperties broker) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (RoleModels.Binding model : models.all()) {
                    getContext().getRegistry().bind(model.beanName(), models.routeModel(model.role()));
                }
                for (RoleDefinition role : roles.all()) {
                    templatedRoute("role-worker")
                            .routeId("role-" + role.id())
                            .parameter("role", role.id())
                            .parameter("queue", broker.roleQueue(role.id()))
                            .parameter("concurrency", String.valueOf(
                                    role.concurrency() != null ? role.concurrency() : broker.roleConcurrency()));
                }
            }
        };
    }
}
