package dev.vibecoder.agent.llm.offline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The small Python project the offline provider builds for every idea: a package named after the
 * project with a dataclass, a JSON-file repository and an argparse command line, plus unittest
 * tests. Standard library only, so the tests run anywhere Python 3.9+ is, without a network.
 * The design, tasks, code, tests and guides all describe this one project, so they take its file
 * names, commands and tests from here.
 */
final class PythonProjectTemplate {

    static final String TEST_COMMAND = "python3 -m unittest discover -s tests -v";
    static final String TESTS_DIR = "tests/";

    /** A sub-command of the generated command line. */
    record Command(String name, String usage, String summary, String input, String output, List<String> errors) {
    }

    /** A field of the entity dataclass, with its Python type. */
    record Field(String name, String type, boolean required, String description) {
    }

    /** A generated unittest method and what it shows. */
    record PlannedTest(String file, String testClass, String method, String title, String kind, String target,
            String expected, String storyKeyword) {
    }

    private final Blueprint blueprint;
    private final String pkg;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags;

    PythonProjectTemplate(Blueprint blueprint) {
        this.blueprint = blueprint;
        this.pkg = blueprint.projectName();
        Noun entity = blueprint.entity();
        Noun list = blueprint.listField();
        values.put("project", pkg);
        values.put("dist_name", pkg.replace('_', '-'));
        values.put("title", blueprint.title());
        values.put("description", blueprint.description());
        values.put("Entity", entity.className());
        values.put("label", entity.label());
        values.put("a_label", entity.withArticle());
        values.put("plural_label", entity.pluralLabel());
        values.put("plural", entity.plural());
        values.put("list", list.plural());
        values.put("list_flag", list.singular().replace('_', '-'));
        values.put("a_list_label", list.withArticle());
        values.put("list_plural_label", list.pluralLabel());
        values.put("LIST_METAVAR", list.singular().toUpperCase(Locale.ROOT));
        values.put("ENV", blueprint.envVar());
        this.flags = blueprint.tracksCompletion() ? Set.of("done") : Set.of();
    }

    String packageName() {
        return pkg;
    }

    String modelPath() {
        return pkg + "/models.py";
    }

    String storePath() {
        return pkg + "/store.py";
    }

    String cliPath() {
        return pkg + "/cli.py";
    }

    String initPath() {
        return pkg + "/__init__.py";
    }

    String mainPath() {
        return pkg + "/__main__.py";
    }

    String storeClass() {
        return blueprint.entity().className() + "Store";
    }

    String runCommand() {
        return "python3 -m " + pkg;
    }

    static boolean isTestFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return path.startsWith(TESTS_DIR) || path.startsWith("test/") || name.startsWith("test_")
                || name.endsWith("_test.py");
    }

    /** Every source file, in import order: a file only imports files before it. */
    Map<String, String> sources() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(modelPath(), render(MODELS));
        files.put(storePath(), render(STORE));
        files.put(cliPath(), render(CLI));
        files.put(initPath(), render(INIT));
        files.put(mainPath(), render(MAIN));
        files.put("pyproject.toml", render(PYPROJECT));
        return files;
    }

    Map<String, String> tests() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(TESTS_DIR + "__init__.py", render(TESTS_INIT));
        files.put(TESTS_DIR + "test_store.py", render(TEST_STORE));
        files.put(TESTS_DIR + "test_cli.py", render(TEST_CLI));
        return files;
    }

    List<String> fileList() {
        List<String> files = new ArrayList<>(sources().keySet());
        files.addAll(tests().keySet());
        return files;
    }

    List<Field> fields() {
        Noun list = blueprint.listField();
        List<Field> fields = new ArrayList<>(List.of(
                new Field("id", "int", true, "assigned by the store, starting at 1, never reused"),
                new Field("title", "str", true, "1 to 200 characters, not blank"),
                new Field("notes", "str", false, "free text, empty by default"),
                new Field(list.plural(), "list[str]", false,
                        "the " + list.pluralLabel() + ", without blanks or duplicates")));
        if (blueprint.tracksCompletion()) {
            fields.add(new Field("done", "bool", false, "false until marked done"));
        }
        return fields;
    }

    List<Command> commands() {
        Noun entity = blueprint.entity();
        Noun list = blueprint.listField();
        String prefix = pkg + " [--data-file PATH] ";
        String flag = "--" + list.singular().replace('_', '-') + " " + list.singular().toUpperCase(Locale.ROOT);
        String line = "a line `ID TITLE [" + list.pluralLabel() + "]`";
        if (blueprint.tracksCompletion()) {
            line = "a line `ID [x] TITLE [" + list.pluralLabel() + "]` ([x] done, [ ] pending)";
        }
        List<Command> commands = new ArrayList<>();
        commands.add(new Command("add", prefix + "add TITLE [--notes TEXT] [" + flag + " ...]",
                "Add " + entity.withArticle() + " (" + storeClass() + ".add).",
                "TITLE: 1 to 200 characters, not blank; --notes: free text; " + flag + ": one "
                        + list.label() + ", repeatable.",
                "`added " + entity.label() + " ID: TITLE` on stdout, exit code 0.", List.of("INVALID_INPUT")));
        commands.add(new Command("list", prefix + "list" + (blueprint.tracksCompletion() ? " [--pending]" : ""),
                "List all " + entity.pluralLabel() + " in the order they were added (" + storeClass() + ".list)"
                        + (blueprint.tracksCompletion() ? "; --pending hides those marked done." : "."),
                blueprint.tracksCompletion() ? "--pending: optional flag." : "None.",
                line + " per " + entity.label() + ", or `no " + entity.pluralLabel() + "`.", List.of("STORE_ERROR")));
        commands.add(new Command("show", prefix + "show ID", "Show one " + entity.label() + " with all its fields ("
                + storeClass() + ".get).", "ID: a positive whole number.",
                "The " + entity.label() + " as a JSON object.", List.of("NOT_FOUND", "USAGE")));
        commands.add(new Command("update", prefix + "update ID [--title TITLE] [--notes TEXT] [" + flag + " ...]",
                "Change the given fields of " + entity.withArticle() + " (" + storeClass() + ".update).",
                "ID; any of --title, --notes, " + flag + " (replaces all " + list.pluralLabel() + ").",
                "`updated " + entity.label() + " ID: TITLE`.", List.of("NOT_FOUND", "INVALID_INPUT")));
        if (blueprint.tracksCompletion()) {
            commands.add(new Command("done", prefix + "done ID", "Mark " + entity.withArticle() + " as done ("
                    + storeClass() + ".update(done=True)).", "ID of the " + entity.label() + ".",
                    "`done " + entity.label() + " ID: TITLE`.", List.of("NOT_FOUND")));
        }
        commands.add(new Command("remove", prefix + "remove ID", "Delete " + entity.withArticle() + " ("
                + storeClass() + ".remove); its id is never reused.", "ID of the " + entity.label() + ".",
                "`removed " + entity.label() + " ID: TITLE`.", List.of("NOT_FOUND")));
        commands.add(new Command("search", prefix + "search TEXT", "Find " + entity.pluralLabel()
                + " whose title, notes or " + list.pluralLabel() + " contain TEXT, ignoring case ("
                + storeClass() + ".search).", "TEXT: not blank.", line + " per match, or `no "
                + entity.pluralLabel() + "`.", List.of("INVALID_INPUT")));
        return commands;
    }

    List<PlannedTest> plannedTests() {
        Noun entity = blueprint.entity();
        String list = blueprint.listField().plural();
        String store = "tests/test_store.py";
        String cli = "tests/test_cli.py";
        String storeTest = storeClass() + "Test";
        String storeTarget = pkg + ".store." + storeClass();
        String main = pkg + ".cli.main";
        List<PlannedTest> tests = new ArrayList<>(List.of(
                new PlannedTest(store, storeTest, "test_add_assigns_increasing_ids_and_persists",
                        "Adding " + entity.pluralLabel() + " assigns ids 1, 2, ... and survives a new store",
                        "unit", storeTarget + ".add", "A second store on the same file lists both, with notes and "
                                + list, "add"),
                new PlannedTest(store, storeTest, "test_list_is_empty_without_a_data_file",
                        "A missing data file means no " + entity.pluralLabel(), "unit", storeTarget + ".list",
                        "An empty list; no file is created by reading", "list"),
                new PlannedTest(store, storeTest, "test_unknown_ids_raise_not_found",
                        "Unknown ids are errors for get, update and remove", "unit", storeTarget + ".get",
                        "NotFoundError naming the id", "see one"),
                new PlannedTest(store, storeTest, "test_update_changes_only_the_given_fields",
                        "Update changes only the given fields", "unit", storeTarget + ".update",
                        "Title and " + list + " change, notes stay; duplicates and blanks are cleaned", "change"),
                new PlannedTest(store, storeTest, "test_remove_deletes_and_never_reuses_ids",
                        "Remove deletes and ids are never reused", "unit", storeTarget + ".remove",
                        "A second remove raises NotFoundError; the next id is higher", "remove"),
                new PlannedTest(store, storeTest, "test_invalid_input_is_rejected",
                        "Blank or too long titles, empty " + list + " and bad ids are rejected", "unit",
                        storeTarget + ".add", "ValidationError, and nothing is stored", "add"),
                new PlannedTest(store, storeTest, "test_search_matches_title_notes_and_" + list,
                        "Search looks in title, notes and " + list, "unit", storeTarget + ".search",
                        "Case-insensitive matches in insertion order; blank text is rejected", "search"),
                new PlannedTest(store, storeTest, "test_corrupt_data_file_raises_store_error",
                        "A corrupt data file is reported, not overwritten", "unit", storeTarget + "._load",
                        "StoreError, and the file keeps its content", "data"),
                new PlannedTest(store, storeTest, "test_data_file_is_plain_json",
                        "The data file is readable JSON", "unit", storeTarget + "._save",
                        "{\"next_id\": 2, \"" + entity.plural() + "\": [...]}", "data")));
        if (blueprint.tracksCompletion()) {
            tests.add(new PlannedTest(store, storeTest, "test_done_flag_is_saved_and_checked",
                    "Marking " + entity.withArticle() + " done is saved", "unit", storeTarget + ".update",
                    "done is True after a reload; a non-boolean is rejected", "done"));
        }
        tests.addAll(List.of(
                new PlannedTest(cli, "CliTest", "test_add_then_list", "add then list from the command line",
                        "integration", main, "Exit code 0; list shows the title and the " + list, "add"),
                new PlannedTest(cli, "CliTest", "test_show_prints_json", "show prints the " + entity.label()
                        + " as JSON", "integration", main, "Valid JSON with the notes", "see one"),
                new PlannedTest(cli, "CliTest", "test_update_and_remove", "update and remove from the command line",
                        "integration", main, "Both print what they changed; list is empty afterwards", "remove"),
                new PlannedTest(cli, "CliTest", "test_unknown_id_is_an_error", "An unknown id exits with code 1",
                        "integration", main, "Exit code 1 and `no " + entity.label() + " with id 7` on stderr",
                        "see one"),
                new PlannedTest(cli, "CliTest", "test_blank_title_is_rejected", "A blank title exits with code 2",
                        "integration", main, "Exit code 2 and an error on stderr", "add"),
                new PlannedTest(cli, "CliTest", "test_search", "search from the command line", "integration", main,
                        "Only matching " + entity.pluralLabel() + " are printed", "search"),
                new PlannedTest(cli, "CliTest", "test_data_file_from_environment",
                        "$" + blueprint.envVar() + " chooses the data file", "integration", main,
                        "The " + entity.label() + " is written to the file the variable names", "data"),
                new PlannedTest(cli, "CliTest", "test_usage_errors_exit_with_2", "A malformed id is a usage error",
                        "integration", main, "SystemExit with code 2", "see one")));
        if (blueprint.tracksCompletion()) {
            tests.add(new PlannedTest(cli, "CliTest", "test_done_and_pending", "done and list --pending",
                    "integration", main, "The done " + entity.label() + " is hidden by --pending", "done"));
        }
        tests.add(new PlannedTest(cli, "CliTest", "test_runs_as_a_module", "python3 -m " + pkg + " works",
                "e2e", mainPath(), "A separate Python process adds " + entity.withArticle() + " with exit code 0",
                "add"));
        return tests;
    }

    private String render(String template) {
        return TextTemplate.render(template, values, flags);
    }

    private static final String MODELS = """
            \"""The <<label>> record of <<project>>.\"""

            from __future__ import annotations

            from dataclasses import asdict, dataclass, field


            @dataclass
            class <<Entity>>:
                \"""One <<label>>, as kept in the data file.\"""

                id: int
                title: str
                notes: str = ""
                <<list>>: list[str] = field(default_factory=list)
            %if done
                done: bool = False
            %end

                def to_dict(self) -> dict:
                    return asdict(self)

                @classmethod
                def from_dict(cls, data: dict) -> <<Entity>>:
                    return cls(
                        id=int(data["id"]),
                        title=str(data["title"]),
                        notes=str(data.get("notes", "")),
                        <<list>>=[str(value) for value in data.get("<<list>>", [])],
            %if done
                        done=bool(data.get("done", False)),
            %end
                    )
            """;

    private static final String STORE = """
            \"""A JSON-file-backed repository of <<plural_label>>.\"""

            from __future__ import annotations

            import contextlib
            import json
            import os
            import pathlib
            import tempfile

            from .models import <<Entity>>

            MAX_TITLE_LENGTH = 200


            class StoreError(Exception):
                \"""The data file cannot be read or written.\"""


            class ValidationError(ValueError):
                \"""Input that would not make a valid <<label>>.\"""


            class NotFoundError(LookupError):
                \"""No <<label>> has the requested id.\"""


            class <<Entity>>Store:
                \"""Keeps <<plural_label>> in one JSON file; every change is saved at once.\"""

                def __init__(self, path: str | os.PathLike) -> None:
                    self.path = pathlib.Path(path)

                def add(self, title: str, notes: str = "", <<list>>: list[str] | None = None) -> <<Entity>>:
                    data = self._load()
                    item = <<Entity>>(
                        id=data["next_id"],
                        title=_clean_title(title),
                        notes=_clean_notes(notes),
                        <<list>>=_clean_values(<<list>> or []),
                    )
                    data["next_id"] += 1
                    data["<<plural>>"].append(item.to_dict())
                    self._save(data)
                    return item

                def list(self) -> list[<<Entity>>]:
                    return [<<Entity>>.from_dict(raw) for raw in self._load()["<<plural>>"]]

                def get(self, item_id: int) -> <<Entity>>:
                    return <<Entity>>.from_dict(_find(self._load(), item_id))

                def update(
                    self,
                    item_id: int,
                    *,
                    title: str | None = None,
                    notes: str | None = None,
                    <<list>>: list[str] | None = None,
            %if done
                    done: bool | None = None,
            %end
                ) -> <<Entity>>:
                    data = self._load()
                    raw = _find(data, item_id)
                    if title is not None:
                        raw["title"] = _clean_title(title)
                    if notes is not None:
                        raw["notes"] = _clean_notes(notes)
                    if <<list>> is not None:
                        raw["<<list>>"] = _clean_values(<<list>>)
            %if done
                    if done is not None:
                        if not isinstance(done, bool):
                            raise ValidationError("done must be True or False")
                        raw["done"] = done
            %end
                    self._save(data)
                    return <<Entity>>.from_dict(raw)

                def remove(self, item_id: int) -> <<Entity>>:
                    data = self._load()
                    raw = _find(data, item_id)
                    data["<<plural>>"].remove(raw)
                    self._save(data)
                    return <<Entity>>.from_dict(raw)

                def search(self, text: str) -> list[<<Entity>>]:
                    needle = str(text).strip().casefold()
                    if not needle:
                        raise ValidationError("search text must not be empty")
                    return [item for item in self.list() if _matches(item, needle)]

                def _load(self) -> dict:
                    if not self.path.exists():
                        return {"next_id": 1, "<<plural>>": []}
                    try:
                        data = json.loads(self.path.read_text(encoding="utf-8"))
                    except (OSError, ValueError) as error:
                        raise StoreError(f"cannot read {self.path}: {error}") from error
                    if not (isinstance(data, dict) and isinstance(data.get("next_id"), int)
                            and isinstance(data.get("<<plural>>"), list)):
                        raise StoreError(f"{self.path} is not a <<project>> data file")
                    return data

                def _save(self, data: dict) -> None:
                    # a temporary file renamed over the old one: a crash never leaves half a data file
                    try:
                        self.path.parent.mkdir(parents=True, exist_ok=True)
                        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
                    except OSError as error:
                        raise StoreError(f"cannot write {self.path}: {error}") from error
                    try:
                        with os.fdopen(handle, "w", encoding="utf-8") as out:
                            json.dump(data, out, indent=2, ensure_ascii=False)
                        os.replace(temporary, self.path)
                    except OSError as error:
                        with contextlib.suppress(OSError):
                            os.unlink(temporary)
                        raise StoreError(f"cannot write {self.path}: {error}") from error


            def _find(data: dict, item_id: int) -> dict:
                if isinstance(item_id, bool) or not isinstance(item_id, int) or item_id < 1:
                    raise ValidationError(f"id must be a positive whole number, not {item_id!r}")
                for raw in data["<<plural>>"]:
                    if raw.get("id") == item_id:
                        return raw
                raise NotFoundError(f"no <<label>> with id {item_id}")


            def _clean_title(title: str) -> str:
                if not isinstance(title, str) or not title.strip():
                    raise ValidationError("title must not be empty")
                if len(title.strip()) > MAX_TITLE_LENGTH:
                    raise ValidationError(f"title must be at most {MAX_TITLE_LENGTH} characters")
                return title.strip()


            def _clean_notes(notes: str) -> str:
                if not isinstance(notes, str):
                    raise ValidationError("notes must be text")
                return notes.strip()


            def _clean_values(values: list[str]) -> list[str]:
                if not isinstance(values, (list, tuple)) or not all(isinstance(value, str) for value in values):
                    raise ValidationError("<<list_plural_label>> must be a list of text values")
                cleaned = []
                for value in values:
                    if not value.strip():
                        raise ValidationError("<<list_plural_label>> must not be blank")
                    if value.strip() not in cleaned:
                        cleaned.append(value.strip())
                return cleaned


            def _matches(item: <<Entity>>, needle: str) -> bool:
                return any(needle in text.casefold() for text in [item.title, item.notes, *item.<<list>>])
            """;

    private static final String CLI = """
            \"""The <<project>> command line: one sub-command per store operation.\"""

            from __future__ import annotations

            import argparse
            import json
            import os
            import pathlib
            import sys

            from .store import NotFoundError, StoreError, ValidationError, <<Entity>>Store

            DATA_FILE_ENV = "<<ENV>>"
            DESCRIPTION = "<<description>>"


            def default_data_file() -> pathlib.Path:
                return pathlib.Path.home() / ".<<project>>.json"


            def data_file(explicit: str | None = None) -> pathlib.Path:
                \"""--data-file wins, then $<<ENV>>, then a file in the home directory.\"""
                if explicit:
                    return pathlib.Path(explicit)
                from_environment = os.environ.get(DATA_FILE_ENV)
                return pathlib.Path(from_environment) if from_environment else default_data_file()


            def build_parser() -> argparse.ArgumentParser:
                parser = argparse.ArgumentParser(prog="<<project>>", description=DESCRIPTION)
                parser.add_argument(
                    "--data-file",
                    metavar="PATH",
                    help=f"JSON data file (default: ${DATA_FILE_ENV} or ~/.<<project>>.json)",
                )
                commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

                add = commands.add_parser("add", help="add <<a_label>>")
                add.add_argument("title", help="1 to 200 characters")
                add.add_argument("--notes", default="", help="free text")
                add.add_argument("--<<list_flag>>", dest="<<list>>", action="append", default=[],
                                 metavar="<<LIST_METAVAR>>", help="<<a_list_label>>; repeat for several")

            %if done
                listing = commands.add_parser("list", help="list all <<plural_label>>")
                listing.add_argument("--pending", action="store_true", help="only <<plural_label>> not done yet")
            %else
                commands.add_parser("list", help="list all <<plural_label>>")
            %end

                show = commands.add_parser("show", help="show one <<label>> as JSON")
                show.add_argument("id", type=int)

                update = commands.add_parser("update", help="change the given fields of <<a_label>>")
                update.add_argument("id", type=int)
                update.add_argument("--title")
                update.add_argument("--notes")
                update.add_argument("--<<list_flag>>", dest="<<list>>", action="append",
                                    metavar="<<LIST_METAVAR>>",
                                    help="replaces all <<list_plural_label>>; repeat for several")
            %if done

                done = commands.add_parser("done", help="mark <<a_label>> as done")
                done.add_argument("id", type=int)
            %end

                remove = commands.add_parser("remove", help="delete <<a_label>>")
                remove.add_argument("id", type=int)

                search = commands.add_parser("search",
                                             help="find <<plural_label>> by title, notes or <<list_plural_label>>")
                search.add_argument("text")
                return parser


            def main(argv: list[str] | None = None) -> int:
                args = build_parser().parse_args(argv)
                store = <<Entity>>Store(data_file(args.data_file))
                try:
                    return run(store, args)
                except NotFoundError as error:
                    print(f"error: {error}", file=sys.stderr)
                    return 1
                except (ValidationError, StoreError) as error:
                    print(f"error: {error}", file=sys.stderr)
                    return 2


            def run(store: <<Entity>>Store, args: argparse.Namespace) -> int:
                if args.command == "add":
                    item = store.add(args.title, notes=args.notes, <<list>>=args.<<list>>)
                    print(f"added <<label>> {item.id}: {item.title}")
                elif args.command == "list":
                    items = store.list()
            %if done
                    if args.pending:
                        items = [item for item in items if not item.done]
            %end
                    print_items(items)
                elif args.command == "show":
                    print(json.dumps(store.get(args.id).to_dict(), indent=2, ensure_ascii=False))
                elif args.command == "update":
                    item = store.update(
                        args.id, title=args.title, notes=args.notes, <<list>>=args.<<list>>
                    )
                    print(f"updated <<label>> {item.id}: {item.title}")
            %if done
                elif args.command == "done":
                    item = store.update(args.id, done=True)
                    print(f"done <<label>> {item.id}: {item.title}")
            %end
                elif args.command == "remove":
                    item = store.remove(args.id)
                    print(f"removed <<label>> {item.id}: {item.title}")
                elif args.command == "search":
                    print_items(store.search(args.text))
                return 0


            def print_items(items: list) -> None:
                if not items:
                    print("no <<plural_label>>")
                    return
                for item in items:
                    values = f" [{', '.join(item.<<list>>)}]" if item.<<list>> else ""
            %if done
                    mark = "[x]" if item.done else "[ ]"
                    print(f"{item.id:>4} {mark} {item.title}{values}")
            %else
                    print(f"{item.id:>4}  {item.title}{values}")
            %end
            """;

    private static final String INIT = """
            \"""<<title>>: <<description>>\"""

            from .models import <<Entity>>
            from .store import NotFoundError, StoreError, ValidationError, <<Entity>>Store

            __all__ = ["<<Entity>>", "<<Entity>>Store", "NotFoundError", "StoreError", "ValidationError"]
            __version__ = "0.1.0"
            """;

    private static final String MAIN = """
            \"""Runs the command line as ``python3 -m <<project>>``.\"""

            import sys

            from .cli import main

            if __name__ == "__main__":
                sys.exit(main())
            """;

    private static final String PYPROJECT = """
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "<<dist_name>>"
            version = "0.1.0"
            description = "<<description>>"
            requires-python = ">=3.9"
            dependencies = []

            [project.scripts]
            <<project>> = "<<project>>.cli:main"

            [tool.setuptools]
            packages = ["<<project>>"]
            """;

    private static final String TESTS_INIT = """
            \"""Tests of <<project>>; run from the project root with: python3 -m unittest discover -s tests -v\"""
            """;

    private static final String TEST_STORE = """
            \"""Unit tests of <<project>>.store against a data file in a temporary directory.\"""

            import json
            import pathlib
            import tempfile
            import unittest

            import <<project>>
            from <<project>>.store import NotFoundError, StoreError, ValidationError, <<Entity>>Store


            class <<Entity>>StoreTest(unittest.TestCase):

                def setUp(self):
                    directory = tempfile.TemporaryDirectory()
                    self.addCleanup(directory.cleanup)
                    self.path = pathlib.Path(directory.name) / "data.json"
                    self.store = <<Entity>>Store(self.path)

                def test_add_assigns_increasing_ids_and_persists(self):
                    first = self.store.add("First <<label>>", notes="a note", <<list>>=["alpha"])
                    second = self.store.add("Second <<label>>")
                    self.assertEqual((first.id, second.id), (1, 2))
                    reopened = <<Entity>>Store(self.path)
                    self.assertEqual([item.title for item in reopened.list()], ["First <<label>>", "Second <<label>>"])
                    self.assertEqual(reopened.get(1).notes, "a note")
                    self.assertEqual(reopened.get(1).<<list>>, ["alpha"])
                    self.assertIs(<<project>>.<<Entity>>Store, <<Entity>>Store)

                def test_list_is_empty_without_a_data_file(self):
                    self.assertEqual(self.store.list(), [])
                    self.assertFalse(self.path.exists())

                def test_unknown_ids_raise_not_found(self):
                    self.store.add("Only one")
                    with self.assertRaises(NotFoundError):
                        self.store.get(42)
                    with self.assertRaises(NotFoundError):
                        self.store.update(42, title="Nope")
                    with self.assertRaises(NotFoundError):
                        self.store.remove(42)

                def test_update_changes_only_the_given_fields(self):
                    item = self.store.add("Draft", notes="keep me", <<list>>=["old"])
                    updated = self.store.update(item.id, title="Final", <<list>>=["new", "new", " second "])
                    self.assertEqual(updated.title, "Final")
                    self.assertEqual(updated.notes, "keep me")
                    self.assertEqual(updated.<<list>>, ["new", "second"])
                    self.assertEqual(<<Entity>>Store(self.path).get(item.id).title, "Final")

                def test_remove_deletes_and_never_reuses_ids(self):
                    item = self.store.add("Temporary")
                    self.assertEqual(self.store.remove(item.id).title, "Temporary")
                    self.assertEqual(self.store.list(), [])
                    with self.assertRaises(NotFoundError):
                        self.store.remove(item.id)
                    self.assertEqual(self.store.add("Next").id, item.id + 1)

                def test_invalid_input_is_rejected(self):
                    for title in ["", "   ", "x" * 201, None]:
                        with self.subTest(title=title), self.assertRaises(ValidationError):
                            self.store.add(title)
                    with self.assertRaises(ValidationError):
                        self.store.add("Fine title", <<list>>=[" "])
                    for item_id in [0, -1, "1", True]:
                        with self.subTest(item_id=item_id), self.assertRaises(ValidationError):
                            self.store.get(item_id)
                    self.assertEqual(self.store.list(), [])

                def test_search_matches_title_notes_and_<<list>>(self):
                    self.store.add("Alpha", <<list>>=["Shared"])
                    self.store.add("Beta", notes="also shared here")
                    self.store.add("Gamma")
                    self.assertEqual([item.title for item in self.store.search("SHARED")], ["Alpha", "Beta"])
                    self.assertEqual([item.title for item in self.store.search("gam")], ["Gamma"])
                    with self.assertRaises(ValidationError):
                        self.store.search("  ")

                def test_corrupt_data_file_raises_store_error(self):
                    self.path.write_text("{not json", encoding="utf-8")
                    with self.assertRaises(StoreError):
                        self.store.list()
                    with self.assertRaises(StoreError):
                        self.store.add("Lost")
                    self.assertEqual(self.path.read_text(encoding="utf-8"), "{not json")

                def test_data_file_is_plain_json(self):
                    self.store.add("Readable")
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                    self.assertEqual(data["next_id"], 2)
                    self.assertEqual(data["<<plural>>"][0]["title"], "Readable")
            %if done

                def test_done_flag_is_saved_and_checked(self):
                    item = self.store.add("Finish me")
                    self.assertFalse(item.done)
                    self.assertTrue(self.store.update(item.id, done=True).done)
                    self.assertTrue(<<Entity>>Store(self.path).get(item.id).done)
                    with self.assertRaises(ValidationError):
                        self.store.update(item.id, done="yes")
            %end


            if __name__ == "__main__":
                unittest.main()
            """;

    private static final String TEST_CLI = """
            \"""Tests of the <<project>> command line, run in-process through main(argv) and once as a module.\"""

            import contextlib
            import io
            import json
            import os
            import pathlib
            import subprocess
            import sys
            import tempfile
            import unittest
            from unittest import mock

            from <<project>>.cli import DATA_FILE_ENV, main

            PROJECT_ROOT = pathlib.Path(__file__).resolve().parent.parent


            class CliTest(unittest.TestCase):

                def setUp(self):
                    directory = tempfile.TemporaryDirectory()
                    self.addCleanup(directory.cleanup)
                    self.data_file = str(pathlib.Path(directory.name) / "<<project>>.json")

                def run_cli(self, *args):
                    out, err = io.StringIO(), io.StringIO()
                    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                        code = main(["--data-file", self.data_file, *args])
                    return code, out.getvalue(), err.getvalue()

                def test_add_then_list(self):
                    code, out, _ = self.run_cli("add", "Write the report",
                                                "--<<list_flag>>", "work", "--<<list_flag>>", "urgent")
                    self.assertEqual(code, 0)
                    self.assertIn("added <<label>> 1: Write the report", out)
                    code, out, _ = self.run_cli("list")
                    self.assertEqual(code, 0)
                    self.assertIn("Write the report [work, urgent]", out)

                def test_show_prints_json(self):
                    self.run_cli("add", "Inspect me", "--notes", "details")
                    code, out, _ = self.run_cli("show", "1")
                    self.assertEqual(code, 0)
                    self.assertEqual(json.loads(out)["notes"], "details")

                def test_update_and_remove(self):
                    self.run_cli("add", "Old title")
                    code, out, _ = self.run_cli("update", "1", "--title", "New title")
                    self.assertEqual((code, out.strip()), (0, "updated <<label>> 1: New title"))
                    code, out, _ = self.run_cli("remove", "1")
                    self.assertEqual((code, out.strip()), (0, "removed <<label>> 1: New title"))
                    self.assertEqual(self.run_cli("list")[1].strip(), "no <<plural_label>>")

                def test_unknown_id_is_an_error(self):
                    code, out, err = self.run_cli("show", "7")
                    self.assertEqual(code, 1)
                    self.assertEqual(out, "")
                    self.assertIn("no <<label>> with id 7", err)

                def test_blank_title_is_rejected(self):
                    code, _, err = self.run_cli("add", "   ")
                    self.assertEqual(code, 2)
                    self.assertIn("error: title must not be empty", err)
                    self.assertFalse(pathlib.Path(self.data_file).exists())

                def test_search(self):
                    self.run_cli("add", "Apple pie", "--<<list_flag>>", "sweet")
                    self.run_cli("add", "Bread")
                    code, out, _ = self.run_cli("search", "SWEET")
                    self.assertEqual(code, 0)
                    self.assertIn("Apple pie", out)
                    self.assertNotIn("Bread", out)

                def test_data_file_from_environment(self):
                    with mock.patch.dict(os.environ, {DATA_FILE_ENV: self.data_file}):
                        with contextlib.redirect_stdout(io.StringIO()):
                            self.assertEqual(main(["add", "From the environment"]), 0)
                    self.assertIn("From the environment", pathlib.Path(self.data_file).read_text(encoding="utf-8"))

                def test_usage_errors_exit_with_2(self):
                    with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as raised:
                        main(["--data-file", self.data_file, "show", "not-a-number"])
                    self.assertEqual(raised.exception.code, 2)
            %if done

                def test_done_and_pending(self):
                    self.run_cli("add", "Still open")
                    self.run_cli("add", "Finished")
                    code, out, _ = self.run_cli("done", "2")
                    self.assertEqual((code, out.strip()), (0, "done <<label>> 2: Finished"))
                    _, out, _ = self.run_cli("list", "--pending")
                    self.assertIn("[ ] Still open", out)
                    self.assertNotIn("Finished", out)
                    self.assertIn("[x] Finished", self.run_cli("list")[1])
            %end

                def test_runs_as_a_module(self):
                    result = subprocess.run(
                        [sys.executable, "-m", "<<project>>", "--data-file", self.data_file, "add", "From a process"],
                        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
                    self.assertEqual(result.returncode, 0, result.stderr)
                    self.assertIn("added <<label>> 1: From a process", result.stdout)


            if __name__ == "__main__":
                unittest.main()
            """;
}
