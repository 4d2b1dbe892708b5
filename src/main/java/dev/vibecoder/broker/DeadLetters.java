package dev.vibecoder.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queue, readable and replayable. A message goes back to the queue it was rejected
 * from (RabbitMQ records it in {@code x-death}), through the default exchange: an event replayed for
 * one wire tap (the artifact archiver, the memory recorder) reaches that queue alone, not every queue
 * its routing key is bound to. It is acknowledged on the dead-letter queue only after the broker
 * confirmed the republish.
 */
@Component
public class DeadLetters {

    /** One dead letter, as far as it can be read. */
    public record DeadLetter(String queue, String exchange, String routingKey, String reason, long count,
            Instant firstDeathAt, UUID projectId, String stepId, String role) {
    }

    private final RabbitTemplate rabbit;
    private final BrokerProperties broker;
    private final ObjectMapper json;

    public DeadLetters(RabbitTemplate rabbit, BrokerProperties broker, ObjectMapper json) {
        this.rabbit = rabbit;
        this.broker = broker;
        this.json = json;
    }

    /** Up to {@code limit} dead letters, oldest first; they stay in the queue. */
    public List<DeadLetter> list(int limit) {
        return rabbit.execute(channel -> {
            List<DeadLetter> letters = new ArrayList<>();
            long last = -1;
            for (int i = 0; i < limit; i++) {
                GetResponse response = channel.basicGet(broker.deadLetterQueue(), false);
                if (response == null) {
                    break;
                }
                letters.add(read(response));
                last = response.getEnvelope().getDeliveryTag();
            }
            if (last >= 0) {
                channel.basicNack(last, true, true);
            }
            return letters;
        });
    }

    /**
     * Sends the dead letters that match back where they came from, calling {@code beforeRepublish}
     * for each first (so whatever must be ready to receive it again is); returns them.
     */
    public List<DeadLetter> replay(Predicate<DeadLetter> which, Consumer<DeadLetter> beforeRepublish) {
        return rabbit.invoke(operations -> operations.execute(channel -> {
            channel.confirmSelect();
            List<DeadLetter> replayed = new ArrayList<>();
            List<Long> kept = new ArrayList<>();
            GetResponse response;
            while ((response = channel.basicGet(broker.deadLetterQueue(), false)) != null) {
                DeadLetter letter = read(response);
                long tag = response.getEnvelope().getDeliveryTag();
                if (letter.queue() == null || !which.test(letter)) {
                    kept.add(tag);
                    continue;
                }
                beforeRepublish.accept(letter);
                channel.basicPublish("", letter.queue(), true, withoutDeath(response),
                        response.getBody());
                waitForConfirm(channel);
                channel.basicAck(tag, false);
                replayed.add(letter);
            }
            for (long tag : kept) {
                channel.basicNack(tag, false, true);
            }
            return replayed;
        }));
    }

    private static void waitForConfirm(Channel channel) throws IOException {
        try {
            channel.waitForConfirmsOrDie(10_000);
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the broker did not confirm a replayed message", e);
        }
    }

    /** The properties to republish with: the original ones, without the death record. */
    private static com.rabbitmq.client.AMQP.BasicProperties withoutDeath(GetResponse response) {
        com.rabbitmq.client.AMQP.BasicProperties props = response.getProps();
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : new java.util.HashMap<>(props.getHeaders());
        headers.remove("x-death");
        headers.remove("x-first-death-exchange");
        headers.remove("x-first-death-queue");
        headers.remove("x-first-death-reason");
        return props.builder().headers(headers).build();
    }

    @SuppressWarnings("unchecked")
    private DeadLetter read(GetResponse response) {
        Map<String, Object> headers = response.getProps().getHeaders();
        List<Map<String, Object>> deaths = headers == null ? null : (List<Map<String, Object>>) headers.get("x-death");
        Map<String, Object> first = deaths == null || deaths.isEmpty() ? Map.of() : deaths.get(deaths.size() - 1);
        List<Object> keys = (List<Object>) first.get("routing-keys");
        JsonNode body = parse(response.getBody());
        return new DeadLetter(text(first.get("queue")), text(first.get("exchange")),
                keys == null || keys.isEmpty() ? null : String.valueOf(keys.get(0)), text(first.get("reason")),
                first.get("count") instanceof Number n ? n.longValue() : 0,
                first.get("time") instanceof Date d ? d.toInstant() : null,
                body.hasNonNull("projectId") ? UUID.fromString(body.get("projectId").asText()) : null,
                body.path("stepId").asText(null), body.path("role").asText(null));
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
