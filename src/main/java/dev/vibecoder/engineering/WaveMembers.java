package dev.vibecoder.engineering;

import java.util.TreeSet;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Gathers the task ids of a wave. A set, so a task announced twice (a redelivery) counts once; a
 * {@code java.util} type, so the JDBC aggregation repository may store and read it back.
 */
@Component("waveMembers")
public class WaveMembers implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange joined, Exchange arriving) {
        String task = arriving.getMessage().getBody(String.class);
        if (joined == null) {
            TreeSet<String> tasks = new TreeSet<>();
            tasks.add(task);
            arriving.getMessage().setBody(tasks);
            return arriving;
        }
        joined.getMessage().getBody(TreeSet.class).add(task);
        return joined;
    }
}
