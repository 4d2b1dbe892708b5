package dev.vibecoder.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.vibecoder.agent.PromptProtocol;
import dev.vibecoder.agent.llm.ChatModelProvider;
import dev.vibecoder.agent.llm.ModelLimits;
import dev.vibecoder.agent.llm.offline.OfflineChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test provider: the offline model, except where the project's idea plants a fault. The faults
 * travel with the idea, so tests sharing one hub cannot disturb each other:
 * <ul>
 * <li>{@code [flaky:<type>]}: the first answer for that document type is not JSON; the re-ask gets the offline answer;
 * <li>{@code [broken:<type>]}: every answer for it is schema-invalid;
 * <li>{@code [cyclic:task-breakdown]}: the first task breakdown has a dependency cycle;
 * <li>{@code [tasks:diamond]}: the task breakdown is T1 -> (T2, T3, T4) -> T5;
 * <li>{@code [slow:code]}: each engineer answer takes 300 ms;
 * <li>{@code [bug:store]}: the engineer's store.py returns None from every method (a real bug the tests catch);
 * <li>{@code [unfixable]}: the fixer's changes never touch the code;
 * <li>{@code [missing:<file name>]}: the engineers leave that file out (where their task has others).
 * </ul>
 */
public class ScriptedProvider implements ChatModelProvider {

    public static final String NAME = "scripted";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MISSING = Pattern.compile("\\[missing:([\\w.]+)]");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return false;
    }

    @Override
    public String defaultModel() {
        return "scripted-offline";
    }

    /** Like the offline model it answers for, no context window to speak of, unless a test names another model. */
    @Override
    public ModelLimits.Limits limits(String model, ModelLimits config) {
        return config.of(model.equals(defaultModel()) ? OfflineChatModel.MODEL_NAME : model);
    }

    @Override
    public ChatModel create(String model, List<ChatModelListener> listeners) {
        OfflineChatModel offline = new OfflineChatModel(Duration.ZERO, List.of());
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                PromptProtocol.Request task = request.messages().stream()
                        .filter(UserMessage.class::isInstance)
                        .map(m -> PromptProtocol.read(((UserMessage) m).singleText()))
                        .filter(t -> t != null).findFirst().orElseThrow();
                String type = task.documentType();
                String idea = task.idea();
                boolean firstAsk = request.messages().size() <= 2;
                if (idea.contains("[broken:" + type + "]")) {
                    return answer("{\"planted\": \"schema-invalid on purpose\"}");
                }
                if (firstAsk && idea.contains("[flaky:" + type + "]")) {
                    return answer("Sure! Here is the document: {\"projectName\": \"half\",}");
                }
                if (type.equals("code") && idea.contains("[slow:code]")) {
                    sleep(Duration.ofMillis(300));
                }
                ChatResponse response = offline.doChat(request);
                String text = response.aiMessage().text();
                if (type.equals("task-breakdown") && idea.contains("[tasks:diamond]")) {
                    text = diamond(text);
                }
                if (type.equals("task-breakdown") && firstAsk && idea.contains("[cyclic:task-breakdown]")) {
                    text = cyclic(text);
                }
                if (type.equals("code") && idea.contains("[bug:store]")) {
                    text = plantBug(text);
                }
                Matcher missing = MISSING.matcher(idea);
                if (type.equals("code") && missing.find()) {
                    text = leaveOut(text, missing.group(1));
                }
                if (type.equals("fix") && idea.contains("[unfixable]")) {
                    text = uselessFix(text);
                }
                return ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName(model)
                        .tokenUsage(response.tokenUsage()).build();
            }

            @Override
            public List<ChatModelListener> listeners() {
                return listeners;
            }
        };
    }

    /** Regroups the breakdown's files as T1 -> (T2, T3, T4) -> T5. */
    private static String diamond(String breakdown) {
        ObjectNode doc = read(breakdown);
        List<String> files = new ArrayList<>();
        doc.path("tasks").forEach(t -> t.path("files").forEach(f -> files.add(f.asText())));
        ArrayNode tasks = doc.putArray("tasks");
        String[][] shape = {{"T1", ""}, {"T2", "T1"}, {"T3", "T1"}, {"T4", "T1"}, {"T5", "T2,T3,T4"}};
        for (int i = 0; i < shape.length; i++) {
            ObjectNode task = tasks.addObject().put("id", shape[i][0]).put("title", "Part " + (i + 1))
                    .put("description", "Write " + (i < 4 ? files.get(i) : "the remaining files"));
            ArrayNode taskFiles = task.putArray("files");
            if (i < 4) {
                taskFiles.add(files.get(i));
            } else {
                files.subList(4, files.size()).forEach(taskFiles::add);
            }
            ArrayNode dependsOn = task.putArray("dependsOn");
            for (String d : shape[i][1].split(",")) {
                if (!d.isEmpty()) {
                    dependsOn.add(d);
                }
            }
        }
        return doc.toString();
    }

    /** The first task also depends on the last one, closing a cycle. */
    private static String cyclic(String breakdown) {
        ObjectNode doc = read(breakdown);
        JsonNode tasks = doc.path("tasks");
        String last = tasks.get(tasks.size() - 1).path("id").asText();
        ((ArrayNode) tasks.get(0).path("dependsOn")).add(last);
        return doc.toString();
    }

    /** Every value-returning statement of store.py returns None instead: valid Python, wrong behaviour. */
    private static String plantBug(String code) {
        ObjectNode doc = read(code);
        for (JsonNode file : doc.path("files")) {
            if (file.path("path").asText().endsWith("store.py")) {
                ((ObjectNode) file).put("content", file.path("content").asText().replace("return ", "return None and "));
            }
        }
        return doc.toString();
    }

    /** The code without the named file, as long as something is left. */
    private static String leaveOut(String code, String name) {
        ObjectNode doc = read(code);
        ArrayNode files = (ArrayNode) doc.path("files");
        for (int i = files.size() - 1; i >= 0 && files.size() > 1; i--) {
            if (files.get(i).path("path").asText().endsWith("/" + name)) {
                files.remove(i);
            }
        }
        return doc.toString();
    }

    /** A fix that only writes notes: valid, and no help. */
    private static String uselessFix(String fix) {
        ObjectNode doc = read(fix);
        doc.putArray("changes").addObject().put("path", "NOTES.md").put("action", "write")
                .put("content", "I could not find the problem.\n");
        return doc.toString();
    }

    private static ObjectNode read(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ChatResponse answer(String text) {
        return ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName("scripted-offline")
                .tokenUsage(new TokenUsage(100, Tokens.estimate(text))).build();
    }
}
