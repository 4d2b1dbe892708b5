package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PRD: the idea restated, its sentences as user stories, and the stories every such tool needs. */
final class RequirementsWriter {

    private static final Pattern WISH_TO = Pattern.compile(
            "(?i)^(?:i|we)\\s+(?:would like|['\u2019]d like|want|need|wish)\\s+to\\s+(.+)$", Pattern.DOTALL);
    private static final Pattern WISH = Pattern.compile(
            "(?i)^(?:i|we)\\s+(?:would like|['\u2019]d like|want|need|wish for)\\s+(.+)$", Pattern.DOTALL);
    private static final Pattern REQUEST = Pattern.compile("(?i)^(?:please|let me|help me)\\s+(.+)$",
            Pattern.DOTALL);
    private static final Set<String> COMMON_VERBS = Set.of(("search find show create add build make see share "
            + "export import convert remind sync view edit delete remove compute calculate generate send write read "
            + "browse compare get allow display print filter sort tag mark check rate review set upload download "
            + "play learn practice split estimate summarize summarise visualize notify").split(" "));

    private static final Set<String> LATER_FEATURES = Set.of(("streak streaks statistics stats chart charts graph "
            + "graphs reminder reminders remind notify notification notifications share sharing sync synchronise "
            + "synchronize export import report reports summary summaries analytics dashboard calendar email login "
            + "account accounts cloud upload photo photos image images recommend recommendations collaborate "
            + "collaboration").split(" "));

    /** Words in an idea sentence and the acceptance criterion that shows the tool does that part. */
    private record Cue(Set<String> words, String criterion) {
    }

    private final Context context;

    RequirementsWriter(Context context) {
        this.context = context;
    }

    ObjectNode prd() {
        IdeaFacts idea = context.idea();
        Noun entity = context.entity();
        ObjectNode prd = context.object();
        prd.put("language", "en-us");
        prd.put("programmingLanguage", "Python 3 (standard library only)");
        prd.put("originalRequirements", idea.text().isBlank()
                ? "(The idea was empty; this PRD describes a small tool for keeping " + entity.pluralLabel() + ".)"
                : idea.text());
        prd.put("projectName", context.pkg());
        prd.set("productGoals", context.strings(goals()));
        prd.set("userStories", stories());
        prd.set("competitiveAnalysis", competitors());
        prd.put("competitiveQuadrantChart", quadrantChart());
        prd.put("requirementAnalysis", analysis());
        prd.set("requirementPool", requirementPool());
        prd.put("uiDesignDraft", uiDraft());
        List<String> later = laterFeatures();
        prd.put("anythingUnclear", "Assumed: one user on one machine, data in a local JSON file, no network or "
                + "accounts; the main thing kept is " + entity.withArticle() + " with a title, notes and "
                + context.listField().pluralLabel() + "."
                + (later.isEmpty() ? "" : " The idea also asks for " + String.join(", ", later) + ", which the "
                        + "first version does not provide (P2 requirements for a later version).")
                + context.feedbackSentence());
        return prd;
    }

    private List<String> goals() {
        Noun entity = context.entity();
        List<String> goals = new ArrayList<>();
        if (!context.idea().sentences().isEmpty()) {
            goals.add("Deliver the idea: " + context.idea().sentences().get(0));
        }
        goals.add("Keep " + entity.pluralLabel() + " in a local JSON file that survives restarts and stays "
                + "readable by other tools.");
        goals.add("Add, list, show, update and remove " + entity.pluralLabel()
                + " from the command line, with clear error messages.");
        goals.add("Find " + entity.pluralLabel() + " quickly by text or by " + context.listField().label() + ".");
        if (context.blueprint().tracksCompletion()) {
            goals.add("See at a glance which " + entity.pluralLabel() + " are done and which are still pending.");
        }
        return goals;
    }

    private ArrayNode stories() {
        ArrayNode stories = context.array();
        for (String sentence : context.idea().sentences()) {
            List<String> criteria = criteriaFor(sentence);
            if (criteria.isEmpty()) {
                criteria = List.of("The behaviour is reachable from the `" + context.pkg()
                        + "` command line and described in the user documentation.");
            }
            addStory(stories, "As a user, I want " + wish(sentence) + ".", criteria);
        }
        Noun entity = context.entity();
        Noun list = context.listField();
        String cmd = context.pkg();
        addStory(stories, "As a user, I want to add " + entity.withArticle() + " with a title, notes and "
                + list.pluralLabel() + ", so that I can keep track of it.", List.of(
                        "`" + cmd + " add TITLE` saves the " + entity.label() + " and prints its new id.",
                        "A blank title is rejected with an error message and exit code 2.",
                        "The " + entity.label() + " is still there after the program restarts."));
        List<String> listCriteria = new ArrayList<>(List.of(
                "`" + cmd + " list` prints one line per " + entity.label() + " with its id and title.",
                "With nothing stored it prints `no " + entity.pluralLabel() + "`."));
        if (context.blueprint().tracksCompletion()) {
            listCriteria.add("`" + cmd + " list --pending` leaves out " + entity.pluralLabel() + " marked done.");
        }
        addStory(stories, "As a user, I want to list all my " + entity.pluralLabel()
                + ", so that I see what I have.", listCriteria);
        addStory(stories, "As a user, I want to see one " + entity.label() + " in full, so that I can check "
                + "its details.", List.of("`" + cmd + " show ID` prints every field as JSON.",
                        "An unknown id prints `no " + entity.label() + " with id ID` and exits with code 1."));
        addStory(stories, "As a user, I want to change the title, notes or " + list.pluralLabel() + " of "
                + entity.withArticle() + ", so that it stays correct.", List.of(
                        "`" + cmd + " update ID --title NEW` changes only the options given.",
                        "An unknown id is reported as an error with exit code 1."));
        addStory(stories, "As a user, I want to remove " + entity.withArticle() + ", so that my list stays tidy.",
                List.of("`" + cmd + " remove ID` deletes it and prints what was removed.",
                        "Ids are never reused, so an old id never points at another " + entity.label() + "."));
        addStory(stories, "As a user, I want to search my " + entity.pluralLabel() + " by text or "
                + list.label() + ", so that I find one without scrolling.", List.of(
                        "`" + cmd + " search TEXT` lists every " + entity.label() + " whose title, notes or "
                                + list.pluralLabel() + " contain TEXT, ignoring case."));
        if (context.blueprint().tracksCompletion()) {
            addStory(stories, "As a user, I want to mark " + entity.withArticle() + " as done, so that I see what "
                    + "is left.", List.of("`" + cmd + " done ID` marks it done.",
                            "`" + cmd + " list` shows `[x]` for done and `[ ]` for pending " + entity.pluralLabel()
                                    + "."));
        }
        addStory(stories, "As a user, I want to choose where my data file is kept, so that I can back it up or "
                + "keep several lists.", List.of(
                        "The data file is `--data-file PATH`, else `$" + context.blueprint().envVar() + "`, else `"
                                + context.blueprint().defaultDataFile() + "`.",
                        "A corrupt data file is reported with exit code 2 and never overwritten."));
        return stories;
    }

    private void addStory(ArrayNode stories, String story, List<String> criteria) {
        ObjectNode node = stories.addObject();
        node.put("id", "US-" + stories.size());
        node.put("story", story);
        node.set("acceptanceCriteria", context.strings(criteria));
    }

    /** "Track my habits." becomes "to track my habits"; "A recipe book" becomes "a recipe book". */
    static String wish(String sentence) {
        String text = sentence.strip().replaceAll("[.!?;:\\s]+$", "");
        Matcher matcher = WISH_TO.matcher(text);
        if (matcher.matches()) {
            return "to " + matcher.group(1);
        }
        matcher = WISH.matcher(text);
        if (matcher.matches()) {
            return matcher.group(1);
        }
        matcher = REQUEST.matcher(text);
        if (matcher.matches()) {
            return "to " + lowerFirst(matcher.group(1));
        }
        List<String> words = IdeaFacts.words(text);
        boolean verb = !words.isEmpty() && (IdeaFacts.isVerb(words.get(0)) || COMMON_VERBS.contains(words.get(0)));
        return (verb ? "to " : "") + lowerFirst(text);
    }

    private static String lowerFirst(String text) {
        if (text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1)))) {
            return text;
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private List<String> criteriaFor(String sentence) {
        Noun entity = context.entity();
        String cmd = context.pkg();
        List<Cue> cues = new ArrayList<>(List.of(
                new Cue(Set.of("add", "create", "record", "log", "track", "tracking", "enter", "new", "save"),
                        "`" + cmd + " add` records a new " + entity.label() + "."),
                new Cue(Set.of("list", "show", "view", "see", "display", "overview", "browse"),
                        "`" + cmd + " list` shows the stored " + entity.pluralLabel() + "."),
                new Cue(Set.of("search", "find", "filter", "lookup", "look"),
                        "`" + cmd + " search TEXT` finds the matching " + entity.pluralLabel() + "."),
                new Cue(Set.of("edit", "update", "change", "rename", "modify"),
                        "`" + cmd + " update ID` changes " + entity.withArticle() + "."),
                new Cue(Set.of("delete", "remove", "archive"),
                        "`" + cmd + " remove ID` deletes " + entity.withArticle() + "."),
                new Cue(Set.of("store", "stores", "storing", "keep", "file", "json", "persist", "saved"),
                        entity.pluralTitle() + " are kept in the JSON data file between runs.")));
        if (context.blueprint().tracksCompletion()) {
            cues.add(new Cue(Set.of("done", "complete", "completed", "finish", "finished", "check", "tick"),
                    "`" + cmd + " done ID` marks " + entity.withArticle() + " as done."));
        }
        List<String> words = IdeaFacts.words(sentence);
        List<String> criteria = new ArrayList<>();
        for (Cue cue : cues) {
            if (words.stream().anyMatch(cue.words()::contains)) {
                criteria.add(cue.criterion());
            }
        }
        return criteria;
    }

    /** Features the idea names that a store-and-find tool does not have ("streaks", "reminders"). */
    private List<String> laterFeatures() {
        List<String> features = new ArrayList<>();
        for (String word : IdeaFacts.words(context.idea().text())) {
            if (LATER_FEATURES.contains(word) && !features.contains(word)
                    && !word.equals(context.entity().singular()) && !word.equals(context.entity().plural())) {
                features.add(word);
            }
        }
        return features;
    }

    private ArrayNode competitors() {
        Noun entity = context.entity();
        ArrayNode competitors = context.array();
        addCompetitor(competitors, "Spreadsheet", "Flexible and familiar; sorting and filtering built in.",
                "No validation or stable ids; clumsy from a terminal or a script.");
        addCompetitor(competitors, "Plain text file", "Nothing to install; works with any editor.",
                "No structure, so no reliable search, ids or machine-readable data.");
        addCompetitor(competitors, "Full-featured " + entity.label() + " app", "Rich interface, sync and sharing.",
                "Needs an account and a network; data locked in a proprietary format.");
        return competitors;
    }

    private static void addCompetitor(ArrayNode competitors, String product, String strengths, String weaknesses) {
        ObjectNode node = competitors.addObject();
        node.put("product", product);
        node.put("strengths", strengths);
        node.put("weaknesses", weaknesses);
    }

    private String quadrantChart() {
        return String.join("\n",
                "quadrantChart",
                "    title Ways to keep " + context.entity().pluralLabel(),
                "    x-axis Loose structure --> Strong structure",
                "    y-axis Heavy setup --> Light setup",
                "    quadrant-1 Structured and light",
                "    quadrant-2 Light but loose",
                "    quadrant-3 Loose and heavy",
                "    quadrant-4 Structured but heavy",
                "    Spreadsheet: [0.45, 0.55]",
                "    Plain text file: [0.1, 0.9]",
                "    Full-featured app: [0.85, 0.15]",
                "    " + context.pkg() + ": [0.75, 0.85]");
    }

    private String analysis() {
        Noun entity = context.entity();
        Noun list = context.listField();
        int ideaStories = context.idea().sentences().size();
        StringBuilder md = new StringBuilder();
        md.append("**Reading of the idea.** The product keeps **").append(entity.pluralLabel())
                .append("** for one person on their own machine. Each ").append(entity.label())
                .append(" has an id, a title, notes and ").append(list.pluralLabel())
                .append(context.blueprint().tracksCompletion() ? ", and can be marked done" : "").append(".\n\n");
        md.append("**Scope of the first version.**\n\n");
        md.append("- A Python 3 command-line tool, `").append(context.pkg()).append("`, standard library only.\n");
        md.append("- Storage in one JSON file; no server, no account, no network.\n");
        if (ideaStories > 0) {
            md.append("- The idea's ").append(ideaStories == 1 ? "sentence became user story US-1"
                    : ideaStories + " sentences became user stories US-1 to US-" + ideaStories)
                    .append("; the stories after ").append(ideaStories == 1 ? "it" : "them").append(" cover managing ")
                    .append(entity.pluralLabel()).append(".\n");
        }
        md.append("\n**Out of scope for now.** Several users, sync between devices, a graphical interface.\n");
        return md.toString();
    }

    private ArrayNode requirementPool() {
        Noun entity = context.entity();
        Noun list = context.listField();
        ArrayNode pool = context.array();
        addRequirement(pool, "Keep " + entity.pluralLabel() + " (id, title, notes, " + list.pluralLabel()
                + (context.blueprint().tracksCompletion() ? ", done" : "") + ") in one JSON data file; writes are "
                + "atomic and a corrupt file is reported, never overwritten.", "P0");
        addRequirement(pool, "Command-line sub-commands " + String.join(", ", context.project().commands().stream()
                .map(PythonProjectTemplate.Command::name).toList()) + ", each calling the "
                + context.project().storeClass() + " repository.", "P0");
        addRequirement(pool, "Unknown ids fail with exit code 1 and invalid input with exit code 2, each with a "
                + "one-line error message on stderr.", "P0");
        addRequirement(pool, "Search " + entity.pluralLabel() + " by text in the title, notes and "
                + list.pluralLabel() + ", ignoring case.", "P1");
        addRequirement(pool, "The data file location comes from --data-file, else $"
                + context.blueprint().envVar() + ", else " + context.blueprint().defaultDataFile() + ".", "P1");
        for (String sentence : context.idea().sentences()) {
            boolean covered = !criteriaFor(sentence).isEmpty();
            addRequirement(pool, "From the idea: \"" + sentence + "\"" + (covered ? ""
                    : " (beyond the first version's commands)"), covered ? "P1" : "P2");
        }
        for (String feature : laterFeatures()) {
            addRequirement(pool, "Later version: " + feature + ", as the idea asks.", "P2");
        }
        if (context.feedback() != null) {
            addRequirement(pool, "Reviewer feedback: " + context.feedback(), "P0");
        }
        return pool;
    }

    private static void addRequirement(ArrayNode pool, String requirement, String priority) {
        ObjectNode node = pool.addObject();
        node.put("id", "R-" + (pool.size()));
        node.put("requirement", requirement);
        node.put("priority", priority);
    }

    private String uiDraft() {
        Noun entity = context.entity();
        String cmd = context.pkg();
        String sample = "My first " + entity.label();
        String flag = "--" + context.listField().singular().replace('_', '-');
        boolean done = context.blueprint().tracksCompletion();
        StringBuilder md = new StringBuilder("The interface is a command line; every sub-command has `--help`. "
                + "A typical session:\n\n```text\n");
        md.append("$ ").append(cmd).append(" add \"").append(sample).append("\" ").append(flag).append(" example\n");
        md.append("added ").append(entity.label()).append(" 1: ").append(sample).append('\n');
        if (done) {
            md.append("$ ").append(cmd).append(" done 1\n");
            md.append("done ").append(entity.label()).append(" 1: ").append(sample).append('\n');
        }
        md.append("$ ").append(cmd).append(" list\n");
        md.append("   1 ").append(done ? "[x] " : " ").append(sample).append(" [example]\n");
        md.append("$ ").append(cmd).append(" show 2\n");
        md.append("error: no ").append(entity.label()).append(" with id 2\n```\n");
        return md.toString();
    }
}
