package dev.vibecoder.agent.llm.offline;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A name the generated project uses, as a snake_case singular and plural. The generated Python code
 * uses it as a class name, a dataclass field or a JSON key, so every instance is guaranteed to be a
 * safe ASCII identifier: nothing from the user's text reaches the code without passing through here.
 */
record Noun(String singular, String plural) {

    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern CAMEL = Pattern.compile("[A-Z][A-Za-z0-9]{1,40}");

    private static final Map<String, String> IRREGULAR_PLURALS = Map.of(
            "person", "people", "child", "children", "man", "men", "woman", "women", "mouse", "mice",
            "goose", "geese", "foot", "feet", "tooth", "teeth");
    private static final Map<String, String> IRREGULAR_SINGULARS = IRREGULAR_PLURALS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));
    private static final Set<String> INVARIANT = Set.of("series", "species", "news", "data", "information",
            "sheep", "fish", "deer", "software", "equipment", "feedback", "music", "furniture", "luggage");
    /** Words whose plural ends in "ies" or "ches" but whose singular keeps the "e". */
    private static final Set<String> KEEPS_E = Set.of("movie", "cookie", "calorie", "zombie", "selfie", "rookie",
            "brownie", "smoothie", "hoodie", "pie", "tie", "lie", "genie", "pixie", "goalie", "veggie", "newbie",
            "cache", "niche", "headache", "ache", "moustache", "avalanche");

    /** Class names that would shadow a builtin or a name the generated modules define themselves. */
    private static final Set<String> RESERVED_CLASS_NAMES = Set.of("None", "True", "False", "Exception", "Warning",
            "Ellipsis", "NotImplemented", "BaseException", "StoreError", "ValidationError", "NotFoundError", "CliTest",
            "Path", "Any", "Type");

    Noun {
        if (!SNAKE.matcher(singular).matches() || !SNAKE.matcher(plural).matches()) {
            throw new IllegalArgumentException("not a snake_case noun: " + singular + "/" + plural);
        }
    }

    static Noun of(String singularSnake) {
        int cut = singularSnake.lastIndexOf('_');
        String head = singularSnake.substring(0, cut + 1);
        return new Noun(singularSnake, head + pluralOf(singularSnake.substring(cut + 1)));
    }

    /** A noun from a word that may be plural ("recipes"), or null when the word cannot name code. */
    static Noun fromWord(String word) {
        if (word == null || !word.matches("[a-z]{2,30}")) {
            return null;
        }
        Noun noun = of(singularOf(word));
        return noun.isSafeClassName() ? noun : null;
    }

    /** A noun from a class name an upstream document used ("TodoItem"), or null when it is unusable. */
    static Noun fromClassName(String className) {
        if (className == null || !CAMEL.matcher(className).matches() || RESERVED_CLASS_NAMES.contains(className)) {
            return null;
        }
        String snake = className.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return SNAKE.matcher(snake).matches() ? of(snake) : null;
    }

    String className() {
        StringBuilder name = new StringBuilder();
        for (String part : singular.split("_")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    String label() {
        return singular.replace('_', ' ');
    }

    /** "a task", "an item", "a user", "an hour". */
    String withArticle() {
        String label = label();
        boolean vowelSound = label.matches("(?:[aeio]|u(?!ni|s[eu]|t[ei])|hour|honest|heir).*");
        return (vowelSound ? "an " : "a ") + label;
    }

    String pluralLabel() {
        return plural.replace('_', ' ');
    }

    /** Capitalised plural label, for headings ("Recipes"). */
    String pluralTitle() {
        String label = pluralLabel();
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    private boolean isSafeClassName() {
        return !RESERVED_CLASS_NAMES.contains(className()) && !PythonNames.isKeyword(singular);
    }

    static String singularOf(String word) {
        if (IRREGULAR_SINGULARS.containsKey(word)) {
            return IRREGULAR_SINGULARS.get(word);
        }
        if (INVARIANT.contains(word) || word.length() <= 3) {
            return word;
        }
        if (word.endsWith("ies") && !KEEPS_E.contains(word.substring(0, word.length() - 1))) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if ((word.endsWith("sses") || word.endsWith("shes") || word.endsWith("xes") || word.endsWith("zzes")
                || word.endsWith("ches")) && !KEEPS_E.contains(word.substring(0, word.length() - 1))) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) {
            return word;
        }
        if (word.endsWith("s")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    static String pluralOf(String word) {
        if (IRREGULAR_PLURALS.containsKey(word)) {
            return IRREGULAR_PLURALS.get(word);
        }
        if (INVARIANT.contains(word)) {
            return word;
        }
        if (word.endsWith("s") || word.endsWith("x") || word.endsWith("z") || word.endsWith("ch")
                || word.endsWith("sh")) {
            return word + "es";
        }
        if (word.endsWith("y") && word.length() > 1 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        return word + "s";
    }
}
