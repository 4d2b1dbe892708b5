package dev.vibecoder.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * Project starts are limited per identity (vibecoder.security.starts, {@value #START_CAPACITY} an hour
 * on this hub): a burst from one token beyond its limit is refused with 429 and starts nothing, and
 * other identities start as before.
 */
class StartLimitTest extends AccessHubSupport {

    @Test
    void aBurstOfStartsFromOneTokenBeyondItsLimitGets429AndStartsNothingMore() throws Exception {
        String tag = AuditReads.tag();
        String identity = "burst-" + tag;
        RestClient requester = as(identity, AccessRole.REQUESTER);
        long auditBefore = AuditReads.lastId(jdbc);
        int burst = START_CAPACITY + 4;
        // a start the intake refuses costs nothing of the limit
        for (int i = 0; i < START_CAPACITY + 1; i++) {
            Reply refused = Reply.of(requester.post().uri("/api/projects").body(Map.of("idea", " ")));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        }

        List<Reply> replies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            // all at once: the limit must hold for requests that race each other, not only for a sequence
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> sent = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String idea = "A burst of ideas " + i + " #" + tag + "#";
                sent.add(pool.submit(() -> {
                    go.await();
                    return Reply.of(requester.post().uri("/api/projects")
                            .body(Map.of("idea", idea, "workflow", PARKING_WORKFLOW)));
                }));
            }
            go.countDown();
            for (Future<Reply> reply : sent) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(replies).as(replies.toString()).filteredOn(r -> r.status() == 201).hasSize(START_CAPACITY);
        List<Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).as(replies.toString()).hasSize(burst - START_CAPACITY);
        for (Reply reply : refused) {
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().path("detail").asText()).contains(identity).contains("vibecoder.security.starts");
            // the bucket refills one start every 20 minutes: that is when to try again
            assertThat(Long.parseLong(reply.headers().getFirst("Retry-After"))).isBetween(1L, 3600L);
        }
        assertThat(startedBy(identity)).isEqualTo(START_CAPACITY);
        assertThat(jdbc.queryForObject("select count(*) from projects where idea like ?", Integer.class,
                "A burst of ideas % #" + tag + "#")).isEqualTo(START_CAPACITY);

        // later, one at a time, still nothing
        Reply again = Reply.of(requester.post().uri("/api/projects")
                .body(Map.of("idea", "One more idea #" + tag + "#", "workflow", PARKING_WORKFLOW)));
        assertThat(again.status()).as(again.toString()).isEqualTo(429);
        assertThat(startedBy(identity)).isEqualTo(START_CAPACITY);
        assertThat(AuditReads.since(api(), auditBefore, entry -> entry.path("actor").asText().equals(identity)))
                .extracting(entry -> entry.path("action").asText())
                .containsExactly(java.util.Collections.nCopies(START_CAPACITY, "project.started").toArray(String[]::new));

        // the limit is the identity's: another requester starts as before
        Reply other = Reply.of(as("steady-" + tag, AccessRole.REQUESTER).post().uri("/api/projects")
                .body(Map.of("idea", "A steady idea #" + tag + "#", "workflow", PARKING_WORKFLOW)));
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        assertThat(startedBy("steady-" + tag)).isEqualTo(1);
    }

    private int startedBy(String identity) {
        Integer count = jdbc.queryForObject("select count(*) from projects where requested_by = ?", Integer.class,
                identity);
        return count == null ? 0 : count;
    }
}
