package dev.vibecoder.engineering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.DocumentCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The tasks of a task breakdown as a dependency graph, and its waves: wave 0 holds the tasks that
 * depend on nothing, wave n the tasks whose dependencies are all in earlier waves. A cycle, a
 * dependency on an unknown task or a repeated id makes the breakdown invalid; the problems go back
 * to the Project Manager, naming the tasks involved.
 */
public final class TaskGraph {

    /** One task: its id, the files it writes and the tasks it depends on. */
    public record Task(String id, String title, List<String> files, List<String> dependsOn) {
    }

    private final Map<String, Task> tasks;
    private final List<List<Task>> waves;

    private TaskGraph(Map<String, Task> tasks, List<List<Task>> waves) {
        this.tasks = tasks;
        this.waves = waves;
    }

    /** The graph of a valid breakdown; use {@link #problems} first for one that may not be. */
    public static TaskGraph of(JsonNode breakdown) {
        List<String> problems = problems(breakdown);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid task graph: " + String.join("; ", problems));
        }
        Map<String, Task> tasks = read(breakdown);
        return new TaskGraph(tasks, layer(tasks));
    }

    /** What is wrong with a breakdown's task graph, each problem naming its field and tasks. */
    public static List<String> problems(JsonNode breakdown) {
        List<String> problems = new ArrayList<>();
        Map<String, Task> tasks = new LinkedHashMap<>();
        JsonNode list = breakdown.path("tasks");
        for (int i = 0; i < list.size(); i++) {
            Task task = task(list.get(i));
            if (tasks.putIfAbsent(task.id(), task) != null) {
                problems.add("$.tasks[" + i + "].id: task id '" + task.id() + "' is used twice");
            }
        }
        for (int i = 0; i < list.size(); i++) {
            Task task = task(list.get(i));
            for (String dependency : task.dependsOn()) {
                if (dependency.equals(task.id())) {
                    problems.add("$.tasks[" + i + "].dependsOn: task " + task.id() + " depends on itself");
                } else if (!tasks.containsKey(dependency)) {
                    problems.add("$.tasks[" + i + "].dependsOn: task " + task.id() + " depends on unknown task "
                            + dependency);
                }
            }
        }
        if (problems.isEmpty()) {
            List<String> cycle = findCycle(tasks);
            if (!cycle.isEmpty()) {
                problems.add("$.tasks: the dependencies form a cycle: " + String.join(" -> ", cycle)
                        + " (each task depends on the next)");
            }
        }
        return problems;
    }

    public List<List<Task>> waves() {
        return waves;
    }

    public int waveOf(String taskId) {
        for (int w = 0; w < waves.size(); w++) {
            for (Task task : waves.get(w)) {
                if (task.id().equals(taskId)) {
                    return w;
                }
            }
        }
        throw new IllegalArgumentException("no task " + taskId);
    }

    public Task task(String id) {
        Task task = tasks.get(id);
        if (task == null) {
            throw new IllegalArgumentException("no task " + id);
        }
        return task;
    }

    public Set<String> taskIds() {
        return Collections.unmodifiableSet(tasks.keySet());
    }

    private static Map<String, Task> read(JsonNode breakdown) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        breakdown.path("tasks").forEach(t -> {
            Task task = task(t);
            tasks.put(task.id(), task);
        });
        return tasks;
    }

    private static Task task(JsonNode node) {
        List<String> files = new ArrayList<>();
        node.path("files").forEach(f -> files.add(f.asText()));
        List<String> dependsOn = new ArrayList<>();
        node.path("dependsOn").forEach(d -> dependsOn.add(d.asText()));
        return new Task(node.path("id").asText(), node.path("title").asText(), List.copyOf(files), List.copyOf(dependsOn));
    }

    /** Kahn's layering: each wave is every task whose dependencies are in earlier waves. */
    private static List<List<Task>> layer(Map<String, Task> tasks) {
        List<List<Task>> waves = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < tasks.size()) {
            List<Task> wave = tasks.values().stream()
                    .filter(t -> !placed.contains(t.id()) && placed.containsAll(t.dependsOn()))
                    .toList();
            wave.forEach(t -> placed.add(t.id()));
            waves.add(wave);
        }
        return waves;
    }

    /** A dependency cycle as the tasks along it, first task repeated at the end; empty if none. */
    private static List<String> findCycle(Map<String, Task> tasks) {
        Map<String, Integer> state = new LinkedHashMap<>(); // 1 = on the path, 2 = done
        List<String> path = new ArrayList<>();
        for (String start : tasks.keySet()) {
            List<String> cycle = visit(start, tasks, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String id, Map<String, Task> tasks, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(id);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null && seen == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        state.put(id, 1);
        path.add(id);
        for (String dependency : tasks.get(id).dependsOn()) {
            List<String> cycle = visit(dependency, tasks, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return List.of();
    }

    /** The breakdown's graph check, run on every task breakdown a role writes. */
    @Component
    static class Check implements DocumentCheck {
        @Override
        public String docType() {
            return "task-breakdown";
        }

        @Override
        public List<String> problems(JsonNode content) {
            return TaskGraph.problems(content);
        }
    }
}
