package dev.vibecoder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.pgvector.PGvector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Remembering and recalling on the real PostgreSQL + pgvector with real embeddings. */
class MemoryStoreTest extends MemoryTestSupport {

    @Autowired
    TransactionTemplate tx;

    @Test
    void semanticallySimilarMemoriesAreRecalledFirst() {
        String role = role("qa-engineer");
        long yaml = failure(role, "ModuleNotFoundError: No module named 'yaml' when importing the config loader");
        long requests = failure(role, "Traceback (most recent call last):\n  File \"app/client.py\", line 2\n"
                + "ModuleNotFoundError: No module named 'requests'");
        long flask = failure(role, "ERROR tests/test_api.py - ModuleNotFoundError: No module named 'flask'");
        long division = failure(role, "ZeroDivisionError: division by zero in average() of an empty list");

        List<Recalled> recalled = store.recall(role, Set.of(),
                store.embed(MemoryKind.FAILURE, "ModuleNotFoundError: No module named 'numpy'"), 4, -1);

        assertThat(ids(recalled)).hasSize(4).endsWith(division);
        assertThat(ids(recalled).subList(0, 3)).containsExactlyInAnyOrder(yaml, requests, flask);
        assertThat(recalled).isSortedAccordingTo((a, b) -> Double.compare(b.similarity(), a.similarity()));
        assertThat(recalled.get(0).similarity()).isGreaterThan(recalled.get(3).similarity() + 0.2);
        assertThat(recalled.get(3).memory().text()).startsWith("ZeroDivisionError");
    }

    @Test
    void recallFiltersByRoleAndKindAndDropsTheDissimilar() {
        String engineer = role("engineer");
        String qa = role("qa-engineer");
        long experience = remember(MemoryKind.EXPERIENCE, engineer,
                "Wrote the storage module of a todo app with SQLite and a repository class");
        long reflection = remember(MemoryKind.REFLECTION, engineer,
                "The todo storage failed because the SQLite table was never created; create tables on start-up");
        long otherRole = remember(MemoryKind.EXPERIENCE, qa, "Wrote tests for the SQLite storage of a todo app");
        float[] query = store.embed(MemoryKind.EXPERIENCE, "implement SQLite storage for todo items");

        assertThat(ids(store.recall(engineer, Set.of(), query, 10, -1))).containsExactlyInAnyOrder(experience, reflection);
        assertThat(ids(store.recall(engineer, Set.of(MemoryKind.REFLECTION), query, 10, -1))).containsExactly(reflection);
        assertThat(ids(store.recall(qa, Set.of(MemoryKind.EXPERIENCE, MemoryKind.REFLECTION), query, 10, -1)))
                .containsExactly(otherRole);
        // any role: all three are there (among whatever else the database holds)
        assertThat(ids(store.recall(null, Set.of(), query, 1000, 0.5))).contains(experience, reflection, otherRole);
        // nothing about the weather is similar enough
        assertThat(store.recall(engineer, Set.of(),
                store.embed(MemoryKind.EXPERIENCE, "the weather in Lisbon is sunny today"), 10, 0.5)).isEmpty();
    }

    @Test
    void rememberingTheSameSourceTwiceKeepsOneMemory() {
        UUID source = UUID.randomUUID();
        NewMemory first = new NewMemory(MemoryKind.EXPERIENCE, role("architect"), project, source, "step-key-1",
                "Designed a REST API for a bookshop", json.createObjectNode().put("asked", "design"), null, null);
        long id = store.remember(first);
        // the redelivered event, even if its text were rendered differently
        long again = store.remember(new NewMemory(MemoryKind.EXPERIENCE, role("architect"), project, source,
                "step-key-1", "Designed a REST API for a book shop", null, MemoryOutcome.SUCCEEDED, null));
        // the same source may also be remembered as another kind
        long failure = store.remember(new NewMemory(MemoryKind.FAILURE, role("architect"), project, source,
                "step-key-1", "the design failed validation", null, MemoryOutcome.FAILED, null));

        assertThat(again).isEqualTo(id);
        assertThat(failure).isNotEqualTo(id);
        assertThat(jdbc.queryForObject("select count(*) from memories where source_document_id = ?", Long.class, source))
                .isEqualTo(2);
        Memory stored = store.bySource(source, MemoryKind.EXPERIENCE).orElseThrow();
        assertThat(stored.text()).isEqualTo("Designed a REST API for a bookshop");
        assertThat(stored.outcome()).isEqualTo(MemoryOutcome.PENDING);
        assertThat(stored.details().path("asked").asText()).isEqualTo("design");
        assertThat(stored.stepKey()).isEqualTo("step-key-1");
        assertThat(stored.projectId()).isEqualTo(project);
        assertThat(stored.createdAt()).isNotNull();
        assertThat(store.get(id)).contains(stored);
    }

    @Test
    void outcomesAreUpdated() {
        long failureId = failure(role("qa-engineer"), "AssertionError: assert 1 == 2");
        long reflectionId = reflection(role("fixer"), failureId, "The counter started at 1; start it at 0",
                "initialise counters to zero", MemoryOutcome.PENDING);

        store.setOutcome(reflectionId, MemoryOutcome.SUCCEEDED);

        Memory reflection = store.get(reflectionId).orElseThrow();
        assertThat(reflection.outcome()).isEqualTo(MemoryOutcome.SUCCEEDED);
        assertThat(reflection.relatedMemoryId()).isEqualTo(failureId);
        assertThat(reflection.lesson()).isEqualTo("initialise counters to zero");
        assertThatThrownBy(() -> store.setOutcome(Long.MAX_VALUE, MemoryOutcome.FAILED))
                .hasMessageContaining("no memory");
    }

    @Test
    void aReflectionIsFoundByTheFailureItAnswersAndReadsAsItsDiagnosisAndLesson() {
        String failureText = """
                Traceback (most recent call last):
                  File "/workspace/app/client.py", line 2, in <module>
                    import requests
                ModuleNotFoundError: No module named 'requests'""";
        long failureId = failure(role("qa-engineer"), failureText);
        long reflectionId = reflection(role("fixer"), failureId, "requests is not in requirements.txt.",
                "declare every third-party import in requirements.txt", MemoryOutcome.PENDING);

        assertThat(store.embedding(reflectionId)).as("stored with its failure's embedding, not a new one")
                .containsExactly(store.embedding(failureId));
        assertThat(Embedder.similarity(store.embedding(failureId), store.embed(MemoryKind.FAILURE, failureText)))
                .isCloseTo(1.0, offset(1e-5));
        Memory reflection = store.get(reflectionId).orElseThrow();
        assertThat(reflection.text())
                .isEqualTo("requests is not in requirements.txt.\nLesson: declare every third-party import in requirements.txt");
        assertThat(reflection.diagnosis()).isEqualTo("requests is not in requirements.txt.");
        assertThat(MemoryNotes.describe(reflection))
                .startsWith("A similar failure:\nModuleNotFoundError: No module named …\n")
                .contains("ModuleNotFoundError: No module named 'requests'",
                        "\nDiagnosis: requests is not in requirements.txt.",
                        "\nLesson: declare every third-party import in requirements.txt")
                .endsWith("\nThat fix was not checked yet.");
        // another module missing finds it
        assertThat(ids(store.recall(role("fixer"), Set.of(MemoryKind.REFLECTION),
                store.embed(MemoryKind.FAILURE, "E   ModuleNotFoundError: No module named 'flask'"), 5, 0.9)))
                .containsExactly(reflectionId);
    }

    /**
     * The case pgvector's iterative scan exists for: the planner searches the HNSW index, but none of
     * the wanted role's memories is among the query's nearest neighbours, which all belong to another
     * role. A plain index scan finds ef_search candidates, filters them all out and returns less than k.
     */
    @Test
    void filteredRecallThroughTheIndexStillReturnsK() {
        String crowded = role("engineer");
        String wanted = role("tech-writer");
        Random random = new Random(42);
        float[] query = unit(random, null, 0);
        List<NewMemory> memories = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // half near the query in the crowded role, half scattered in the wanted one
            boolean near = i % 2 == 0;
            memories.add(memory(MemoryKind.EXPERIENCE, near ? crowded : wanted, "synthetic memory " + i,
                    MemoryOutcome.SUCCEEDED));
            embeddings.add(near ? unit(random, query, 0.2) : unit(random, null, 0));
        }
        store.rememberAll(memories, embeddings);
        jdbc.execute("analyze memories");
        int k = 20;

        // For 1500 matching rows the planner may rightly prefer sorting them all (exact) to the index,
        // depending on the statistics and the index's size. Forbidding explicit sorts leaves the index,
        // which returns rows in distance order, as the only plan; the store's calls join this transaction.
        List<Recalled> recalled = tx.execute(status -> {
            jdbc.execute("set local enable_sort = off");
            String plan = String.join("\n", jdbc.queryForList(
                    "explain select id from memories where role = ? order by embedding <=> ? limit ?", String.class,
                    wanted, new PGvector(query), k));
            assertThat(plan).as("the query must go through the HNSW index for this test to mean anything")
                    .contains("memories_embedding");
            jdbc.query("select set_config('hnsw.iterative_scan', 'off', true)", rs -> null);
            Long plainScan = jdbc.queryForObject("select count(*) from (select id from memories where role = ? "
                    + "order by embedding <=> ? limit ?) found", Long.class, wanted, new PGvector(query), k);
            assertThat(plainScan).as("without iterative scans the filter leaves fewer than k").isLessThan(k);
            return store.recall(wanted, Set.of(MemoryKind.EXPERIENCE), query, k, -1);
        });
        List<Recalled> exact = store.recallExact(wanted, Set.of(MemoryKind.EXPERIENCE), query, k);

        assertThat(recalled).hasSize(k).allMatch(r -> r.memory().role().equals(wanted));
        assertThat(exact).hasSize(k);
        assertThat(recalled).isSortedAccordingTo((a, b) -> Double.compare(b.similarity(), a.similarity()));
        // approximate, but on 1500 candidates it should find nearly all of the true nearest
        long found = ids(recalled).stream().filter(ids(exact)::contains).count();
        assertThat(found).isGreaterThanOrEqualTo(k * 8 / 10);
    }

    @Test
    void embeddingsAreUnitVectorsAndDeterministic() {
        float[] one = embedder.embed("cannot find symbol: class Foo");
        List<float[]> batch = embedder.embedAll(List.of("cannot find symbol: class Foo", "division by zero"));

        assertThat(one).hasSize(Embedder.DIMENSIONS);
        assertThat(Embedder.similarity(one, one)).isCloseTo(1.0, offset(1e-5));
        assertThat(Embedder.similarity(one, batch.get(0))).isCloseTo(1.0, offset(1e-5));
        assertThat(Embedder.similarity(one, batch.get(1))).isLessThan(0.5);
        assertThatThrownBy(() -> embedder.embed(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.rememberAll(List.of(memory(MemoryKind.EXPERIENCE, "x", "y", null)),
                List.of(new float[3]))).hasMessageContaining("384 dimensions");
    }

    private static List<Long> ids(List<Recalled> recalled) {
        return recalled.stream().map(r -> r.memory().id()).toList();
    }

    /** A random unit vector, or one near {@code around} when given (noise scaled by {@code spread}). */
    private static float[] unit(Random random, float[] around, double spread) {
        float[] v = new float[Embedder.DIMENSIONS];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            double noise = random.nextGaussian() / Math.sqrt(v.length);
            v[i] = (float) (around == null ? noise : around[i] + spread * noise);
            sum += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(sum);
        }
        return v;
    }
}
