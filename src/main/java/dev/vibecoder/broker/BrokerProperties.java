package dev.vibecoder.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Names and limits of VibeCoder's RabbitMQ topology. Every exchange and queue name starts with the
 * namespace, so several hubs (or test runs) can share one broker without seeing each other's
 * messages.
 *
 * @param namespace        prefix of every exchange and queue
 * @param queueExpiresMs   {@code x-expires} for the queues (0 = never; tests use it to clean up)
 * @param roleConcurrency  consumers per role queue when a role does not set its own
 * @param routerConcurrency consumers of the router queue
 */
@ConfigurationProperties("vibecoder.broker")
public record BrokerProperties(
        @DefaultValue("vibecoder") String namespace,
        @DefaultValue("0") long queueExpiresMs,
        @DefaultValue("4") int roleConcurrency,
        @DefaultValue("4") int routerConcurrency) {

    /** Topic exchange carrying document and project events, routing key {@code <docType>.<event>}. */
    public String documentsExchange() {
        return namespace + ".documents";
    }

    /** Direct exchange carrying work orders, routing key = role id. */
    public String workExchange() {
        return namespace + ".work";
    }

    /** Fanout exchange receiving whatever a queue rejects. */
    public String deadLetterExchange() {
        return namespace + ".dlx";
    }

    public String deadLetterQueue() {
        return namespace + ".dead-letters";
    }

    public String routerQueue() {
        return namespace + ".router";
    }

    public String roleQueue(String roleId) {
        return namespace + ".role." + roleId;
    }

    /** The queue of a hub step (workspace, sandbox). */
    public String runnerQueue(String runnerId) {
        return namespace + ".run." + runnerId;
    }

    /** Whether a queue holds work orders (a role's or a hub step's), not events. */
    public boolean isWorkQueue(String queue) {
        return queue != null && (queue.startsWith(namespace + ".role.") || queue.startsWith(namespace + ".run."));
    }

    /** The routing key of a runner's work orders on the work exchange. */
    public String runnerRoutingKey(String runnerId) {
        return "run." + runnerId;
    }

    /** Task code events, for the wave join. */
    public String wavesQueue() {
        return namespace + ".waves";
    }

    /** Document events for the memory recorder (a wire tap on the flow). */
    public String memoryQueue() {
        return namespace + ".memory";
    }

    /** Checkpoint events for the Slack connector. */
    public String slackQueue() {
        return namespace + ".slack";
    }

    /** Document events for the artifact archiver. */
    public String artifactsQueue() {
        return namespace + ".artifacts";
    }

    /** Events after which a GitHub project's progress comment may change. */
    public String gitHubProgressQueue() {
        return namespace + ".github.progress";
    }

    /** Completed GitHub projects, for their pull request. */
    public String gitHubPublishQueue() {
        return namespace + ".github.publish";
    }

    /** The routing key of a work order: its role, or its runner's. */
    public String routingKey(dev.vibecoder.agent.WorkOrder order) {
        return order.role() != null ? order.role() : runnerRoutingKey(order.runner());
    }
}
