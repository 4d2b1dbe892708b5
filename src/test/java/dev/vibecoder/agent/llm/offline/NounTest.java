package dev.vibecoder.agent.llm.offline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NounTest {

    @Test
    void singularAndPluralFormsRoundTrip() {
        String[][] pairs = {{"task", "tasks"}, {"recipe", "recipes"}, {"category", "categories"},
            {"box", "boxes"}, {"match", "matches"}, {"address", "addresses"}, {"movie", "movies"},
            {"person", "people"}, {"series", "series"}, {"day", "days"}, {"expense", "expenses"}};
        for (String[] pair : pairs) {
            assertThat(Noun.singularOf(pair[1])).as(pair[1]).isEqualTo(pair[0]);
            assertThat(Noun.pluralOf(pair[0])).as(pair[0]).isEqualTo(pair[1]);
        }
    }

    @Test
    void namesForCodeAreSafe() {
        assertThat(Noun.fromWord("recipes").className()).isEqualTo("Recipe");
        assertThat(Noun.fromClassName("TodoItem")).isEqualTo(new Noun("todo_item", "todo_items"));
        assertThat(Noun.fromClassName("TodoItem").label()).isEqualTo("todo item");
        // a builtin, a keyword, or something that is not a class name at all
        assertThat(Noun.fromClassName("Exception")).isNull();
        assertThat(Noun.fromWord("none")).isNull();
        assertThat(Noun.fromClassName("todo-item")).isNull();
        assertThat(Noun.fromWord("café")).isNull();
    }

    @Test
    void articlesFollowTheSound() {
        assertThat(Noun.of("item").withArticle()).isEqualTo("an item");
        assertThat(Noun.of("task").withArticle()).isEqualTo("a task");
        assertThat(Noun.of("user").withArticle()).isEqualTo("a user");
        assertThat(Noun.of("umbrella").withArticle()).isEqualTo("an umbrella");
        assertThat(Noun.of("hour").withArticle()).isEqualTo("an hour");
    }

    @Test
    void packageNamesNeverHideTheStandardLibrary() {
        assertThat(PythonNames.safePackage("json")).isEqualTo("json_app");
        assertThat(PythonNames.safePackage("tests")).isEqualTo("tests_app");
        assertThat(PythonNames.safePackage("todo_list")).isEqualTo("todo_list");
        assertThat(PythonNames.safePackage("x")).isNull();
        assertThat(PythonNames.safePackage("Todo")).isNull();
    }
}
