package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The memory beans on the real PostgreSQL with pgvector (the test database, migrated by Flyway) and
 * the real embedding model, without the rest of the hub: no broker, no routes. The database outlives
 * the run, so every test works under its own project id and role names, and removes what it made.
 */
@SpringBootTest(classes = MemoryTestSupport.MemoryBeans.class, properties = {
        "spring.datasource.url=${VIBECODER_TEST_DB_URL:jdbc:postgresql://127.0.0.1:5433/vibecoder_test}",
})
abstract class MemoryTestSupport {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class,
            JacksonAutoConfiguration.class})
    @EnableConfigurationProperties(MemoryProperties.class)
    @Import({Embedder.class, MemoryStore.class, FailurePatterns.class, MemoryRecall.class, Insights.class})
    static class MemoryBeans {
    }

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    protected Embedder embedder;
    @Autowired
    protected MemoryStore store;
    @Autowired
    protected FailurePatterns patterns;
    @Autowired
    protected MemoryRecall recall;
    @Autowired
    protected MemoryProperties settings;

    /** This test's project: every memory it makes carries it. */
    protected final UUID project = UUID.randomUUID();
    /** A prefix making this test's role names its own. */
    protected final String run = "t" + project.toString().substring(0, 8) + "-";

    @AfterEach
    void forgetWhatThisTestRemembered() {
        List<Long> patternIds = new ArrayList<>(jdbc.queryForList(
                "select distinct pattern_id from memories where project_id = ? and pattern_id is not null", Long.class,
                project));
        jdbc.update("delete from memories where project_id = ?", project);
        if (!patternIds.isEmpty()) {
            // patterns only this test's failures formed
            jdbc.update("delete from failure_patterns p where p.id = any(?) "
                    + "and not exists (select 1 from memories m where m.pattern_id = p.id)",
                    (Object) patternIds.toArray(Long[]::new));
        }
    }

    protected String role(String name) {
        return run + name;
    }

    protected NewMemory memory(MemoryKind kind, String role, String text, MemoryOutcome outcome) {
        return new NewMemory(kind, role, project, UUID.randomUUID(), null, text, null, outcome, null);
    }

    protected long remember(MemoryKind kind, String role, String text) {
        return store.remember(memory(kind, role, text, MemoryOutcome.SUCCEEDED));
    }

    protected long failure(String role, String text) {
        return store.remember(memory(MemoryKind.FAILURE, role, text, MemoryOutcome.FAILED));
    }

    /** A reflection answering a failure of this test's project, made and settled as the hub does it. */
    protected long reflection(String role, long failureId, String diagnosis, String lesson, MemoryOutcome outcome) {
        return reflection(store, patterns, project, role, failureId, diagnosis, lesson, outcome);
    }

    /**
     * A reflection answering a stored failure, made as {@link MemoryRecorder} makes one from a fix
     * ({@link Reflection#memory}), and its outcome settled as the loop's next run settles it.
     */
    static long reflection(MemoryStore store, FailurePatterns patterns, UUID project, String role, long failureId,
            String diagnosis, String lesson, MemoryOutcome outcome) {
        Memory failure = store.get(failureId).orElseThrow();
        NewMemory reflection = new Reflection(diagnosis, "", lesson, List.of()).memory(role, project,
                UUID.randomUUID(), null, "testing.fix", "test-report v1", FailureText.summary(failure.text()), failureId);
        long id = store.remember(reflection);
        if (outcome != MemoryOutcome.PENDING) {
            patterns.settle(id, outcome);
        }
        return id;
    }
}
