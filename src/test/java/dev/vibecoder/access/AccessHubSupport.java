package dev.vibecoder.access;

import static org.awaitility.Awaitility.await;

import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.OidcStandIn;
import java.time.Duration;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * One hub for the access tests that need it set up unlike the other flow tests' hub: JWTs of the
 * OIDC stand-in accepted beside the hub's own tokens, and a small start limit per identity. Its
 * subclasses share it (one Spring context); its queues are its own.
 */
@TestPropertySource(properties = {
        "vibecoder.test.hub-suffix=-access",
        "vibecoder.security.starts.capacity=" + AccessHubSupport.START_CAPACITY,
        "vibecoder.security.starts.per=1h",
})
abstract class AccessHubSupport extends FlowTestSupport {

    /** Projects one identity may start an hour on this hub. */
    static final int START_CAPACITY = 3;
    /** The workflow the access tests start: it parks at its first checkpoint after one model call. */
    static final String PARKING_WORKFLOW = "reviewed-software-company";

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        OidcStandIn.register(registry);
    }

    void awaitStatus(UUID id, Project.Status status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> projects.get(id).orElseThrow().status() == status);
    }
}
