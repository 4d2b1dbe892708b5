package dev.vibecoder.broker;

import dev.vibecoder.agent.RoleCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the exchanges and durable queues of the document flow. Spring AMQP's admin declares
 * them on every (re)connection, so a broker restart or a fresh broker gets the same topology; the
 * Camel endpoints therefore run with {@code autoDeclare=false}.
 *
 * <pre>
 *   documents (topic) --project.created, *.created, *.approved, *.rejected, wave.joined--> router queue
 *   work (direct)     --role id--> role.&lt;role&gt; queue (one per configured role)
 *   every queue       --rejected--> dlx (fanout) --> dead-letters queue
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class BrokerTopology {

    /** The event routing keys the router acts on. */
    static final List<String> ROUTER_BINDINGS = List.of("project.created", "*.created", "*.approved", "*.rejected",
            "wave.joined");

    @Bean
    Declarables vibecoderTopology(BrokerProperties broker, RoleCatalog roles) {
        List<Declarable> declarables = new ArrayList<>();
        TopicExchange documents = new TopicExchange(broker.documentsExchange(), true, false);
        DirectExchange work = new DirectExchange(broker.workExchange(), true, false);
        FanoutExchange dlx = new FanoutExchange(broker.deadLetterExchange(), true, false);
        declarables.addAll(List.of(documents, work, dlx));

        Queue deadLetters = new Queue(broker.deadLetterQueue(), true, false, false, expiry(broker));
        declarables.add(deadLetters);
        declarables.add(BindingBuilder.bind(deadLetters).to(dlx));

        Queue router = queue(broker.routerQueue(), broker);
        declarables.add(router);
        for (String key : ROUTER_BINDINGS) {
            declarables.add(BindingBuilder.bind(router).to(documents).with(key));
        }

        for (String roleId : roles.ids()) {
            Queue queue = queue(broker.roleQueue(roleId), broker);
            declarables.add(queue);
            Binding binding = BindingBuilder.bind(queue).to(work).with(roleId);
            declarables.add(binding);
        }
        return new Declarables(declarables);
    }

    /**
     * A durable queue for events of the documents exchange, bound with these routing keys: how every
     * consumer of the flow's events (memory, waves, connectors) gets its own copy.
     */
    public static Declarables eventQueue(String name, BrokerProperties broker, List<String> routingKeys) {
        Queue queue = queue(name, broker);
        TopicExchange documents = new TopicExchange(broker.documentsExchange(), true, false);
        List<Declarable> declarables = new ArrayList<>(List.of(queue));
        for (String key : routingKeys) {
            declarables.add(BindingBuilder.bind(queue).to(documents).with(key));
        }
        return new Declarables(declarables);
    }

    /** A durable queue with the hub's dead-letter exchange (and the configured expiry). */
    public static Queue queue(String name, BrokerProperties broker) {
        Map<String, Object> args = expiry(broker);
        args.put("x-dead-letter-exchange", broker.deadLetterExchange());
        return new Queue(name, true, false, false, args);
    }

    private static Map<String, Object> expiry(BrokerProperties broker) {
        Map<String, Object> args = new HashMap<>();
        if (broker.queueExpiresMs() > 0) {
            args.put("x-expires", broker.queueExpiresMs());
        }
        return args;
    }
}
