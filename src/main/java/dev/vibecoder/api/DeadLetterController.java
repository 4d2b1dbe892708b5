package dev.vibecoder.api;

import dev.vibecoder.access.AuditLog;
import dev.vibecoder.access.Caller;
import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.DeadLetters;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.support.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What could not be processed, and sending it again once the cause is fixed. */
@RestController
@RequestMapping("/api/dead-letters")
@Tag(name = "Dead letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;
    private final ProjectStore projects;
    private final BrokerProperties broker;
    private final AuditLog audit;

    public DeadLetterController(DeadLetters deadLetters, ProjectStore projects, BrokerProperties broker,
            AuditLog audit) {
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.projects = projects;
        this.broker = broker;
    }

    @GetMapping
    @Operation(summary = "Messages in the dead-letter queue, oldest first, with the queue they left and why")
    public List<DeadLetters.DeadLetter> list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInput("limit", "must be between 1 and 1000");
        }
        return deadLetters.list(limit);
    }

    @PostMapping("/replay")
    @Operation(summary = "Send dead letters back to the queues they came from (all, or one project's)",
            description = "A failed project whose work (a work order) is replayed is running again; replayed "
                    + "events (the artifact archiver's, the memory recorder's) leave their project as it is.")
    public Map<String, Object> replay(@RequestParam(required = false) UUID projectId, HttpServletRequest http) {
        List<DeadLetters.DeadLetter> replayed = deadLetters.replay(
                letter -> projectId == null || projectId.equals(letter.projectId()),
                // the project must be running again before its work arrives, or the role would drop it;
                // an event for a wire tap is no work, and must not restart a project that failed
                letter -> {
                    if (letter.projectId() != null && broker.isWorkQueue(letter.queue())) {
                        projects.reopen(letter.projectId(), "work replayed from the dead letters");
                    }
                });
        audit.record(Caller.name(), "dead-letters.replayed", projectId == null ? "all" : projectId.toString(),
                replayed.size() + " message(s)", Caller.source(http));
        return Map.of("replayed", replayed.size(), "messages", replayed);
    }
}
