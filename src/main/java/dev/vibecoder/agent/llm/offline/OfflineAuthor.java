package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.agent.PromptProtocol;

/**
 * Writes each document type from the idea and the input documents with deterministic templates.
 * Names flow downstream: what the PRD, design, tasks or code already call something is what the
 * next document calls it ({@link Blueprint}); only when a workflow skipped a document are names
 * worked out from the idea again ({@link IdeaFacts}), with the same result. The code is one small
 * Python project ({@link PythonProjectTemplate}) whose tests really pass.
 */
class OfflineAuthor {

    static final String NOTE = "Produced by VibeCoder's offline provider (offline-deterministic) with "
            + "deterministic templates, not by an AI model.";

    /** Compact output: a pretty printer would use the platform's line separator and break determinism. */
    private static final ObjectMapper JSON = new ObjectMapper();

    String write(PromptProtocol.Request request) {
        String type = request.documentType();
        if (type == null || !isKnown(type)) {
            throw new IllegalArgumentException("the offline provider cannot write document type '" + type + "'");
        }
        Context context = new Context(request, JSON);
        ObjectNode document;
        String about;
        switch (type) {
            case "prd" -> {
                document = new RequirementsWriter(context).prd();
                about = "The project name and the main " + context.entity().label()
                        + " entity were derived from the idea's words.";
            }
            case "system-design" -> {
                document = new DesignWriter(context).systemDesign();
                about = "Names follow the PRD; the layout is the offline provider's standard Python layout.";
            }
            case "api-spec" -> {
                document = new DesignWriter(context).apiSpec();
                about = "The operations are the sub-commands of the designed command line.";
            }
            case "task-breakdown" -> {
                document = new PlanWriter(context).taskBreakdown();
                about = "Each non-test file of the design is in exactly one task; dependencies follow the imports.";
            }
            case "code" -> {
                CodeWriter writer = new CodeWriter(context);
                document = writer.code();
                about = writer.notes();
            }
            case "test-plan" -> {
                CodeWriter writer = new CodeWriter(context);
                document = writer.testPlan();
                about = writer.testPlanNotes();
            }
            case "fix" -> {
                document = new FixWriter(context).fix();
                about = "The repair puts back the offline provider's own version of the files the failure points "
                        + "at; it does not reason about the code.";
            }
            case "deployment-guide" -> {
                document = new GuideWriter(context).deploymentGuide();
                about = "Commands and variables are taken from the code and test plan inputs where present.";
            }
            default -> {
                document = new GuideWriter(context).userDocs();
                about = "Usage follows the API specification when it is among the inputs.";
            }
        }
        document.put("notes", notes(about, context));
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the offline " + type + " document", e);
        }
    }

    private static boolean isKnown(String type) {
        return switch (type) {
            case "prd", "system-design", "api-spec", "task-breakdown", "code", "test-plan", "deployment-guide",
                    "user-docs", "fix" -> true;
            default -> false;
        };
    }

    private static String notes(String about, Context context) {
        String notes = NOTE + " " + about;
        if (!context.memories().isEmpty()) {
            PromptProtocol.RecalledMemory closest = context.memories().get(0);
            notes += String.format(java.util.Locale.ROOT, " %d memories were recalled (the closest, a %s at %.2f "
                    + "similarity); the templates do not change with them, a real model would use them.",
                    context.memories().size(), closest.kind(), closest.similarity());
        }
        if (context.feedback() != null) {
            notes += " This version answers the reviewer's feedback: \"" + context.feedback() + "\".";
        }
        return notes;
    }
}
