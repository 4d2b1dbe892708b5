package dev.vibecoder.agent.llm.offline;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What simple word heuristics can tell about an idea: a project name, the main thing the product
 * manages, a list-valued attribute it is searched by, and whether things get "done". No language
 * model is involved, so the rules favour a plausible, always-valid answer over a clever one; every
 * rule has a fallback.
 */
final class IdeaFacts {

    static final String FALLBACK_PROJECT = "vibecoder_app";
    static final Noun FALLBACK_ENTITY = Noun.of("item");
    static final Noun FALLBACK_LIST_FIELD = Noun.of("tag");

    private static final int MAX_SENTENCES = 4;
    private static final int MAX_SENTENCE_LENGTH = 240;
    private static final int MAX_NAME_LENGTH = 48;

    private static final Set<String> STOP = Set.of(("a an the my our your their his her its i we you they he "
            + "she it me us them this that these those to for of in on at by with and or but so from into as is are "
            + "be was were been can could will would should shall may might must do does did have has had not no all "
            + "any some each every which where who whom whose what when while how why there here then than also "
            + "just very really more most like want need let lets please etc via using about up out over under if "
            + "one way able help helps easy easily quickly simply get gets im ive id").split(" "));
    /** Words that say what kind of software it is, not what it is about. */
    private static final Set<String> GENERIC = Set.of(("app apps application applications tool tools program "
            + "programs software system service utility script command commands line cli terminal console web "
            + "website site based python java json file files api project platform desktop mobile online local "
            + "interface gui ui simple small little tiny basic new build make create develop implement write code")
            .split(" "));
    private static final Set<String> VAGUE = Set.of(("thing things stuff everything anything something data "
            + "information info lot lots item items").split(" "));
    private static final Set<String> ADJECTIVES = Set.of(("daily weekly monthly yearly annual personal favorite "
            + "favourite favorites favourites different various multiple many several recurring upcoming important "
            + "shared common current future past recent digital short long big large own private public household "
            + "both few old").split(" "));
    /** Words that, before a verb, show it is used as a verb ("I can store", "that stores", "to track"). */
    private static final Set<String> VERB_LEADERS = Set.of(("to can i we you and that which who will should "
            + "could must lets let helps help also or easily quickly just me us for by of then where when").split(" "));
    private static final Set<String> CLAUSE_BREAKS = Set.of(("that which where who whose so because when while "
            + "and but with using to for in on from by via if then or plus").split(" "));
    /** Nouns naming a container of the entity: "recipe book", "habit tracker", "list of songs". */
    private static final Set<String> CONTAINERS = Set.of(("list lists book tracker manager log journal diary "
            + "catalog catalogue collection inventory organizer organiser planner library database registry keeper "
            + "vault box board archive watchlist wishlist playlist checklist app apps tool application program")
            .split(" "));
    private static final Set<String> COMPLETION_WORDS = Set.of(("todo todos task tasks chore chores checklist done "
            + "complete completed completion finish finished habit habits goal goals errand errands reminder "
            + "reminders").split(" "));
    /** "by date", "by name": single values, not a list worth a field of its own. */
    private static final Set<String> NOT_LIST_FIELDS = Set.of(("date time day week month year name title id "
            + "priority default hand status size price rating deadline way note notes done help command hour minute "
            + "amount cost number order length data item items self list type field fields asdict dataclass cls "
            + "value values raw query path args dict str int bool annotations json os sys text").split(" "));

    /** Verb base form to the agent noun that names a product doing it ("track" makes a "tracker"). */
    private static final Map<String, String> VERBS = Map.ofEntries(
            Map.entry("track", "tracker"), Map.entry("manage", "manager"), Map.entry("store", "store"),
            Map.entry("organize", "organizer"), Map.entry("organise", "organizer"), Map.entry("record", "log"),
            Map.entry("log", "log"), Map.entry("list", "list"), Map.entry("keep", "keeper"),
            Map.entry("collect", "collection"), Map.entry("catalog", "catalog"), Map.entry("catalogue", "catalog"),
            Map.entry("save", "store"), Map.entry("plan", "planner"), Map.entry("schedule", "scheduler"),
            Map.entry("monitor", "monitor"), Map.entry("count", "counter"), Map.entry("archive", "archive"),
            Map.entry("remember", "reminder"));
    private static final Map<String, String> VERB_FORMS = verbForms();

    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|\\R+");

    /** An entity found in the idea: the noun, the product noun it suggests ("tracker"), the word that led to it. */
    private record Hit(String noun, String agent, String cue) {
    }

    private final String text;
    private final List<String> sentences;
    private final List<List<String>> sentenceWords;
    private final Noun entity;
    private final String entityAgent;
    private final String projectName;
    private final Noun listField;
    private final boolean tracksCompletion;

    IdeaFacts(String idea) {
        this.text = idea == null ? "" : idea;
        this.sentences = splitSentences(text);
        this.sentenceWords = new ArrayList<>();
        for (String sentence : sentences) {
            sentenceWords.add(words(sentence));
        }
        if (sentenceWords.isEmpty()) {
            sentenceWords.add(words(text));
        }
        List<String> all = sentenceWords.stream().flatMap(List::stream).toList();
        Hit byVerb = entityByVerb();
        Hit found = byVerb != null ? byVerb : entityByContainer();
        Noun guessed = found == null ? null : Noun.fromWord(found.noun());
        if (guessed == null) {
            List<String> significant = significant(all);
            guessed = significant.size() == 1 ? Noun.fromWord(significant.get(0)) : null;
        }
        this.entity = guessed == null ? FALLBACK_ENTITY : guessed;
        this.entityAgent = found == null || guessed == null ? null : found.agent();
        this.projectName = deriveProjectName(all, byVerb);
        this.listField = deriveListField(all);
        this.tracksCompletion = all.stream().anyMatch(COMPLETION_WORDS::contains)
                || COMPLETION_WORDS.contains(entity.singular());
    }

    /** The idea as the user wrote it. */
    String text() {
        return text;
    }

    /** Up to four sentences of the idea, trimmed, each at most a few hundred characters. */
    List<String> sentences() {
        return sentences;
    }

    String projectName() {
        return projectName;
    }

    Noun entity() {
        return entity;
    }

    Noun listField() {
        return listField;
    }

    boolean tracksCompletion() {
        return tracksCompletion;
    }

    /** Lower-case ASCII words, accents folded ("préférées" becomes "preferees"), other scripts dropped. */
    static List<String> words(String fragment) {
        String folded = Normalizer.normalize(fragment, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("\\bto-do\\b", "todo");
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(folded);
        while (matcher.find()) {
            if (matcher.group().length() >= 2) {
                words.add(matcher.group());
            }
        }
        return words;
    }

    /** True when the word reads as a verb form we know ("stores", "tracking"). */
    static boolean isVerb(String word) {
        return VERB_FORMS.containsKey(word);
    }

    private static List<String> splitSentences(String text) {
        List<String> result = new ArrayList<>();
        for (String part : SENTENCE_END.split(text.strip())) {
            String sentence = part.strip();
            if (words(sentence).isEmpty()) {
                continue;
            }
            if (sentence.length() > MAX_SENTENCE_LENGTH) {
                int cut = sentence.lastIndexOf(' ', MAX_SENTENCE_LENGTH);
                sentence = sentence.substring(0, cut > 0 ? cut : MAX_SENTENCE_LENGTH) + " ...";
            }
            result.add(sentence);
            if (result.size() == MAX_SENTENCES) {
                break;
            }
        }
        return List.copyOf(result);
    }

    /** "that stores tasks", "Track my daily habits": the first noun after a verb used as a verb. */
    private Hit entityByVerb() {
        for (List<String> words : sentenceWords) {
            for (int i = 0; i < words.size(); i++) {
                String base = VERB_FORMS.get(words.get(i));
                if (base == null || (i > 0 && !VERB_LEADERS.contains(words.get(i - 1)))) {
                    continue;
                }
                String noun = nounAfter(words, i + 1);
                if (noun != null) {
                    return new Hit(noun, VERBS.get(base), words.get(i));
                }
            }
        }
        return null;
    }

    /** "recipe book", "habit tracker", "a list of songs". */
    private Hit entityByContainer() {
        for (List<String> words : sentenceWords) {
            for (int i = 0; i < words.size(); i++) {
                String container = words.get(i);
                if (!CONTAINERS.contains(container)) {
                    continue;
                }
                if (i + 1 < words.size() && words.get(i + 1).equals("of")) {
                    String noun = nounAfter(words, i + 2);
                    if (noun != null) {
                        return new Hit(noun, container, container);
                    }
                } else if (i > 0 && isNounCandidate(words.get(i - 1))) {
                    return new Hit(words.get(i - 1), container, container);
                }
            }
        }
        return null;
    }

    private static String nounAfter(List<String> words, int from) {
        int j = from;
        while (j < words.size() && (STOP.contains(words.get(j)) || ADJECTIVES.contains(words.get(j)))) {
            j++;
        }
        if (j + 1 < words.size() && words.get(j).endsWith("ing") && isNounCandidate(words.get(j + 1))) {
            // "running sessions": the gerund describes the noun after it
            j++;
        }
        return j < words.size() && isNounCandidate(words.get(j)) ? words.get(j) : null;
    }

    private static boolean isNounCandidate(String word) {
        return word.matches("[a-z]{3,24}") && !STOP.contains(word) && !GENERIC.contains(word)
                && !VAGUE.contains(word) && !VERB_FORMS.containsKey(word) && !ADJECTIVES.contains(word);
    }

    private static List<String> significant(List<String> words) {
        return words.stream().filter(w -> !STOP.contains(w) && !GENERIC.contains(w)).toList();
    }

    private String deriveProjectName(List<String> all, Hit byVerb) {
        List<String> firstClause = new ArrayList<>();
        for (String word : sentenceWords.get(0)) {
            if (CLAUSE_BREAKS.contains(word) && !firstClause.isEmpty()) {
                break;
            }
            firstClause.add(word);
        }
        List<String> named = significant(firstClause);
        String candidate;
        boolean ideaStartsWithVerb = byVerb != null && !named.isEmpty() && named.get(0).equals(byVerb.cue());
        if (entityAgent != null && (ideaStartsWithVerb || named.isEmpty())) {
            candidate = entity.singular() + "_" + entityAgent;
        } else if (!named.isEmpty()) {
            candidate = String.join("_", named.subList(0, Math.min(3, named.size())));
        } else {
            List<String> anywhere = significant(all);
            candidate = String.join("_", anywhere.subList(0, Math.min(3, anywhere.size())));
        }
        return tidyProjectName(candidate);
    }

    private static String tidyProjectName(String candidate) {
        String name = candidate;
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            name = "app_" + name;
        }
        if (name.length() > MAX_NAME_LENGTH) {
            int cut = name.lastIndexOf('_', MAX_NAME_LENGTH);
            name = name.substring(0, cut > 1 ? cut : MAX_NAME_LENGTH);
        }
        String safe = PythonNames.safePackage(name);
        return safe == null ? FALLBACK_PROJECT : safe;
    }

    /** "search them by ingredient" makes an "ingredients" field; otherwise plain tags. */
    private Noun deriveListField(List<String> all) {
        for (int i = 0; i + 1 < all.size(); i++) {
            if (!all.get(i).equals("by")) {
                continue;
            }
            String word = nounAfter(all, i + 1);
            Noun field = word == null || NOT_LIST_FIELDS.contains(word) ? null : Noun.fromWord(word);
            if (field != null && isUsableField(field)) {
                return field;
            }
        }
        for (String word : all) {
            if (word.equals("category") || word.equals("categories") || word.equals("label")
                    || word.equals("labels")) {
                return Noun.fromWord(word);
            }
        }
        return FALLBACK_LIST_FIELD;
    }

    static boolean isUsableField(Noun field) {
        return !field.singular().contains("_") && !NOT_LIST_FIELDS.contains(field.singular())
                && !NOT_LIST_FIELDS.contains(field.plural()) && !PythonNames.isKeyword(field.plural())
                && !field.plural().equals("tests");
    }

    private static Map<String, String> verbForms() {
        Map<String, String> forms = new HashMap<>();
        // sorted, so that a form two verbs share would always resolve the same way
        for (String base : new TreeSet<>(VERBS.keySet())) {
            forms.put(base, base);
            forms.put(base + "s", base);
            forms.put(base + "ing", base);
            forms.put(base + "ed", base);
            if (base.endsWith("e")) {
                String stem = base.substring(0, base.length() - 1);
                forms.put(stem + "ing", base);
                forms.put(base + "d", base);
            } else if (base.matches(".*[^aeiou][aeiou][bdglmnpt]")) {
                char last = base.charAt(base.length() - 1);
                forms.put(base + last + "ing", base);
                forms.put(base + last + "ed", base);
            }
        }
        return Map.copyOf(forms);
    }
}
