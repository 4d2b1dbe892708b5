"""The labelled failure set: broken snippets, one category per kind of failure.

Every category has a few templates (different call shapes) and is instantiated once per domain
below (different identifiers, values, file and module names), so the messages of a category differ
from each other the way real failures of one kind do. `generate.py` runs each instance through the
real toolchain and keeps the failure output; `expect` is a regular expression that output must
match, so a snippet that stops failing the intended way is caught instead of being mislabelled.

Placeholders are written {{name}}; see `generate.placeholders` for the names derived from a domain
(Cls, var, vars, field, attr, key, fn, fnCamel, pkg, n, n2, val, ... and *Typo misspellings).
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Snippet:
    file: str          # path of the broken file (for Maven: inside the module)
    code: str
    pom: str = ""      # Maven only: extra POM content of the module (dependencies, plugins)


@dataclass(frozen=True)
class Category:
    name: str
    toolchain: str     # python | javac | java | node | mvn
    expect: str        # regular expression the captured failure must match
    snippets: tuple = field(default_factory=tuple)


# One domain per instance of a template: the identifiers and values a snippet is written with.
DOMAINS = [
    dict(mod="billing", Cls="Invoice", var="invoice", vars="invoices", field="amount", attr="customer", key="customer_id", fn="compute_total", val="INV-204", n=3),
    dict(mod="inventory", Cls="Product", var="product", vars="products", field="stock", attr="sku", key="warehouse_id", fn="restock_level", val="SKU-88A", n=4),
    dict(mod="accounts", Cls="User", var="user", vars="users", field="age", attr="email", key="user_id", fn="active_count", val="u-17x", n=5),
    dict(mod="shipping", Cls="Parcel", var="parcel", vars="parcels", field="weight", attr="destination", key="tracking_no", fn="shipping_cost", val="12kg", n=2),
    dict(mod="payroll", Cls="Employee", var="employee", vars="employees", field="salary", attr="department", key="employee_id", fn="monthly_payroll", val="4,500", n=6),
    dict(mod="library", Cls="Book", var="book", vars="books", field="pages", attr="isbn", key="shelf_code", fn="overdue_fines", val="978-0-13", n=7),
    dict(mod="weather", Cls="Reading", var="reading", vars="readings", field="temperature", attr="station", key="station_id", fn="daily_mean", val="21.5C", n=8),
    dict(mod="orders", Cls="Order", var="order", vars="orders", field="quantity", attr="status", key="order_id", fn="pending_total", val="ORD#19", n=9),
    dict(mod="booking", Cls="Reservation", var="reservation", vars="reservations", field="nights", attr="guest", key="room_number", fn="occupancy_rate", val="two", n=3),
    dict(mod="grades", Cls="Student", var="student", vars="students", field="score", attr="name", key="student_id", fn="class_average", val="A+", n=4),
    dict(mod="fleet", Cls="Vehicle", var="vehicle", vars="vehicles", field="mileage", attr="plate", key="vin_code", fn="service_due", val="120k", n=5),
    dict(mod="recipes", Cls="Recipe", var="recipe", vars="recipes", field="servings", attr="title", key="recipe_id", fn="scale_portions", val="1/2", n=6),
    dict(mod="tickets", Cls="Ticket", var="ticket", vars="tickets", field="priority", attr="assignee", key="ticket_id", fn="open_by_priority", val="P1-high", n=7),
    dict(mod="sensors", Cls="Sample", var="sample", vars="samples", field="voltage", attr="channel", key="sensor_id", fn="peak_voltage", val="3.3V", n=8),
    dict(mod="chat", Cls="Message", var="message", vars="messages", field="words", attr="sender", key="thread_id", fn="unread_count", val="none", n=9),
    dict(mod="banking", Cls="Transfer", var="transfer", vars="transfers", field="balance", attr="iban", key="account_id", fn="net_balance", val="$1,200", n=2),
]

S = Snippet

# ============================================================================ python3
PYTHON = [
    Category("py_name_error", "python", r"NameError: name '", (
        S("{{mod}}.py", '''
{{vars}} = [{"{{field}}": {{n}}}, {"{{field}}": {{n2}}}]


def {{fn}}(rows):
    total = 0
    for row in rows:
        total += row["{{field}}"]
    return total


print({{fn}}({{varsTypo}}))
'''),
        S("{{mod}}_report.py", '''
def {{fn}}({{vars}}):
    return sum(x["{{field}}"] for x in {{vars}})


def summary({{vars}}):
    return "{{Cls}} total: %s" % {{fn}}_formatted({{vars}})


print(summary([{"{{field}}": {{n}}}]))
'''),
        S("{{mod}}_models.py", '''
class {{Cls}}:
    def __init__(self, {{field}}):
        self.{{field}} = {{field}}

    def doubled(self):
        return {{field}} * 2


print({{Cls}}({{n}}).doubled())
'''),
        S("{{mod}}_stats.py", '''
def {{fn}}(values):
    return math.fsum(values) / {{n}}


print({{fn}}([1.5, 2.5]))
'''),
    )),
    Category("py_type_error_arity", "python", r"TypeError: .*(missing \d+ required|takes \d+ positional)", (
        S("{{mod}}.py", '''
def {{fn}}({{vars}}, tax_rate):
    return sum(x["{{field}}"] for x in {{vars}}) * (1 + tax_rate)


print({{fn}}([{"{{field}}": {{n}}}]))
'''),
        S("{{mod}}_calc.py", '''
def {{fn}}({{var}}, factor):
    return {{var}}["{{field}}"] * factor


{{var}} = {"{{field}}": {{n}}}
print({{fn}}({{var}}, {{n}}, True))
'''),
        S("{{mod}}_models.py", '''
class {{Cls}}:
    def __init__(self, {{attr}}, {{field}}):
        self.{{attr}} = {{attr}}
        self.{{field}} = {{field}}


{{var}} = {{Cls}}("{{val}}")
'''),
        S("{{mod}}_repo.py", '''
class {{Cls}}Repository:
    def {{fn}}():
        return {{n}}


repo = {{Cls}}Repository()
print(repo.{{fn}}())
'''),
    )),
    Category("py_type_error_operand", "python", r"TypeError: (unsupported operand|can only concatenate)", (
        S("{{mod}}.py", '''
{{vars}} = ["{{val}}"]
label = "{{Cls}} count: " + len({{vars}})
'''),
        S("{{mod}}_import.py", '''
row = {"{{field}}": "{{n}}{{n}}"}
{{field}} = row["{{field}}"] + {{n}}
print({{field}})
'''),
        S("{{mod}}_totals.py", '''
def {{fn}}(values):
    return sum(values)


print({{fn}}([{{n}}, "{{val}}"]))
'''),
        S("{{mod}}_price.py", '''
def lookup_{{field}}({{key}}):
    if {{key}} == {{n}}:
        return {{n2}}


print(lookup_{{field}}({{n2}}) * {{n}})
'''),
    )),
    Category("py_attribute_none", "python", r"AttributeError: 'NoneType' object has no attribute", (
        S("{{mod}}.py", '''
class {{Cls}}:
    def __init__(self, {{key}}, {{attr}}):
        self.{{key}} = {{key}}
        self.{{attr}} = {{attr}}


def find_{{var}}({{vars}}, wanted):
    for item in {{vars}}:
        if item.{{key}} == wanted:
            return item


{{vars}} = [{{Cls}}({{n}}, "{{val}}")]
print(find_{{var}}({{vars}}, {{n2}}).{{attr}})
'''),
        S("{{mod}}_parse.py", r'''
import re

line = "{{Cls}} {{val}} processed"
m = re.match(r"{{Mod}}-(\d+)", line)
print(m.group(1))
'''),
        S("{{mod}}_sort.py", '''
{{vars}} = [{{n2}}, {{n}}, 1]
ordered = {{vars}}.sort()
ordered.append({{n}})
'''),
        S("{{mod}}_settings.py", '''
settings = {"{{mod}}": {"{{attr}}": " {{val}} "}}
value = settings.get("{{key}}")
print(value.strip())
'''),
    )),
    Category("py_key_error", "python", r"KeyError: '", (
        S("{{mod}}.py", '''
{{var}} = {"{{attr}}": "{{val}}", "{{field}}": {{n}}}
print("{{Cls}} %s" % {{var}}["{{key}}"])
'''),
        S("{{mod}}_config.py", '''
config = {"database": {"host": "localhost"}}


def {{fn}}(cfg):
    return cfg["{{mod}}"]["{{key}}"]


print({{fn}}(config))
'''),
        S("{{mod}}_env.py", '''
import os

token = os.environ["{{MOD}}_API_TOKEN"]
'''),
        S("{{mod}}_counts.py", '''
counts = {}
for {{var}} in ["{{val}}", "{{val}}"]:
    counts[{{var}}] += 1
'''),
    )),
    Category("py_index_error", "python", r"IndexError: ", (
        S("{{mod}}.py", '''
{{vars}} = [{{n}}, {{n2}}, 1]
last = {{vars}}[len({{vars}})]
'''),
        S("{{mod}}_csv.py", '''
line = "{{val}},{{attr}}"
fields = line.split(",")
print(fields[{{n}}])
'''),
        S("{{mod}}_queue.py", '''
queue = []


def next_{{var}}():
    return queue.pop(0)


print(next_{{var}}())
'''),
        S("{{mod}}_point.py", '''
point = ({{n}}, {{n2}})
print("{{field}}:", point[{{n}}])
'''),
    )),
    Category("py_zero_division", "python", r"ZeroDivisionError: ", (
        S("{{mod}}.py", '''
def {{fn}}({{vars}}):
    return sum({{vars}}) / len({{vars}})


print({{fn}}([]))
'''),
        S("{{mod}}_pages.py", '''
{{vars}} = []
per_page = {{n}}
pages = {{n2}} // len({{vars}})
'''),
        S("{{mod}}_ratio.py", '''
done = {{n}}.0
ratio = done / float(len([]))
'''),
        S("{{mod}}_buckets.py", '''
buckets = 0
slot = hash("{{val}}") % buckets
'''),
    )),
    Category("py_module_not_found", "python", r"ModuleNotFoundError: No module named", (
        S("app.py", '''
import {{mod}}_client

print({{mod}}_client.VERSION)
'''),
        S("{{var}}_view.py", '''
from {{mod}}.models import {{Cls}}

print({{Cls}})
'''),
        S("{{mod}}_sync.py", '''
import acme_{{mod}}_sdk as sdk

sdk.sync()
'''),
        S("{{mod}}_tasks.py", '''
from {{mod}}_lib.{{fn}} import run

run()
'''),
    )),
    Category("py_syntax_error", "python", r"SyntaxError: ", (
        S("{{mod}}.py", '''
def {{fn}}({{vars}})
    return len({{vars}})
'''),
        S("{{mod}}_list.py", '''
{{vars}} = [{{n}}, {{n2}}
print(sum({{vars}}))
'''),
        S("{{mod}}_check.py", '''
{{var}} = None
if {{var}} = None:
    print("no {{var}}")
'''),
        S("{{mod}}_message.py", '''
message = "{{Cls}} {{val}} is ready
print(message)
'''),
    )),
    Category("py_indentation_error", "python", r"IndentationError: ", (
        S("{{mod}}.py", '''
def {{fn}}({{vars}}):
return len({{vars}})
'''),
        S("{{mod}}_setup.py", '''
{{var}} = {{n}}
    {{field}} = {{var}} * 2
'''),
        S("{{mod}}_sum.py", '''
def {{fn}}({{vars}}):
        total = 0
    return total
'''),
        S("{{mod}}_loop.py", '''
for {{var}} in range({{n}}):
print({{var}})
'''),
    )),
    Category("py_assertion_unittest", "python", r"AssertionError: ", (
        S("test_{{mod}}.py", '''
import unittest


def {{fn}}({{vars}}):
    return sum({{vars}}) - 1


class {{Cls}}Test(unittest.TestCase):
    def test_{{fn}}(self):
        self.assertEqual({{fn}}([{{n}}, {{n2}}]), {{n}} + {{n2}})


if __name__ == "__main__":
    unittest.main()
'''),
        S("test_{{var}}_valid.py", '''
import unittest


class {{Cls}}ValidationTest(unittest.TestCase):
    def test_{{var}}_has_{{attr}}(self):
        {{var}} = {"{{attr}}": ""}
        self.assertTrue({{var}}["{{attr}}"])


if __name__ == "__main__":
    unittest.main()
'''),
        S("test_{{vars}}.py", '''
import unittest


class {{Cls}}ListTest(unittest.TestCase):
    def test_{{attr}}_listed(self):
        {{vars}} = ["{{val}}"]
        self.assertIn("{{attr}}", {{vars}})


if __name__ == "__main__":
    unittest.main()
'''),
        S("test_{{mod}}_fields.py", '''
import unittest


class {{Cls}}FieldsTest(unittest.TestCase):
    def test_{{var}}_fields(self):
        expected = {"{{field}}": {{n}}, "{{attr}}": "{{val}}"}
        actual = {"{{field}}": {{n2}}, "{{attr}}": "{{val}}"}
        self.assertEqual(actual, expected)


if __name__ == "__main__":
    unittest.main()
'''),
    )),
    Category("py_recursion_error", "python", r"RecursionError: maximum recursion depth exceeded", (
        S("{{mod}}.py", '''
def {{fn}}(n):
    return n + {{fn}}(n - 1)


print({{fn}}({{n}}))
'''),
        S("{{mod}}_parity.py", '''
def is_even_{{var}}(n):
    return is_odd_{{var}}(n - 1)


def is_odd_{{var}}(n):
    return is_even_{{var}}(n - 1)


print(is_even_{{var}}({{n}}))
'''),
        S("{{mod}}_models.py", '''
class {{Cls}}:
    def __init__(self, {{field}}):
        self._{{field}} = {{field}}

    @property
    def {{field}}(self):
        return self.{{field}} * 1


print({{Cls}}({{n}}).{{field}})
'''),
        S("{{mod}}_tree.py", '''
def flatten_{{vars}}(node):
    return [node] + flatten_{{vars}}(node["children"][0])


tree = {"{{attr}}": "{{val}}", "children": []}
tree["children"].append(tree)
print(len(flatten_{{vars}}(tree)))
'''),
    )),
    Category("py_file_not_found", "python", r"FileNotFoundError: \[Errno 2\] No such file or directory", (
        S("{{mod}}.py", '''
with open("data/{{vars}}.csv") as f:
    rows = f.readlines()
'''),
        S("{{mod}}_fixtures.py", '''
import json


def load_{{vars}}(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


print(load_{{vars}}("{{mod}}_fixtures.json"))
'''),
        S("{{mod}}_config.py", '''
from pathlib import Path

text = Path("config", "{{mod}}.toml").read_text()
'''),
        S("{{mod}}_inbox.py", '''
import os

for name in os.listdir("/srv/{{mod}}/incoming"):
    print(name)
'''),
    )),
    Category("py_json_decode", "python", r"JSONDecodeError: ", (
        S("{{mod}}.py", '''
import json

payload = ""
{{var}} = json.loads(payload)
'''),
        S("{{mod}}_quotes.py", '''
import json

raw = "{'{{key}}': {{n}}}"
{{var}} = json.loads(raw)
'''),
        S("{{mod}}_lines.py", '''
import json

raw = '{"{{key}}": {{n}}}\\n{"{{key}}": {{n2}}}'
{{vars}} = json.loads(raw)
'''),
        S("{{mod}}_field.py", '''
import json


def parse_{{field}}(text):
    return json.loads(text)


print(parse_{{field}}("{{val}}"))
'''),
    )),
    Category("py_value_error_int", "python", r"ValueError: invalid literal for int\(\)", (
        S("{{mod}}.py", '''
{{field}} = int("{{val}}")
'''),
        S("{{mod}}_row.py", '''
row = "{{attr}};{{val}};{{n}}".split(";")
{{field}} = int(row[1])
'''),
        S("{{mod}}_input.py", '''
input_text = " {{n}}.5 "
{{field}} = int(input_text.strip())
'''),
        S("{{mod}}_flags.py", '''
flags = int("{{n}}{{n}}", 2)
'''),
    )),
    Category("py_unbound_local", "python", r"UnboundLocalError: ", (
        S("{{mod}}.py", '''
total = 0


def add_{{var}}({{field}}):
    total += {{field}}
    return total


add_{{var}}({{n}})
'''),
        S("{{mod}}_sum.py", '''
def {{fn}}({{vars}}):
    if {{vars}}:
        result = sum({{vars}})
    return result


print({{fn}}([]))
'''),
        S("{{mod}}_parse.py", '''
def parse_{{var}}(text):
    try:
        {{field}} = int(text)
    except ValueError:
        print("bad {{field}}:", text)
    return {{field}} * 2


parse_{{var}}("{{val}}")
'''),
        S("{{mod}}_last.py", '''
def {{fn}}(rows):
    for row in rows:
        last_{{var}} = row
    return last_{{var}}


{{fn}}([])
'''),
    )),
]

# ============================================================================ javac (compile errors)
JAVAC = [
    Category("javac_cannot_find_symbol", "javac", r"error: cannot find symbol", (
        S("{{Cls}}Service.java", '''
package {{pkg}};

import java.util.List;

public class {{Cls}}Service {
    public int {{fnCamel}}(List<Integer> {{vars}}) {
        int {{field}}Sum = 0;
        for (int {{var}} : {{vars}}) {
            {{field}}Sum += {{var}};
        }
        return {{fieldTypo}}Sum;
    }
}
'''),
        S("{{Cls}}Report.java", '''
package {{pkg}};

public class {{Cls}}Report {
    static int {{fnCamel}}(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }

    public static void main(String[] args) {
        System.out.println({{fnCamel}}Sum(new int[] {{{n}}, {{n2}}}));
    }
}
'''),
        S("{{Cls}}Repository.java", '''
package {{pkg}};

public class {{Cls}}Repository {
    private final Map<String, Integer> {{vars}} = new HashMap<>();

    public int {{field}}Of(String {{key}}) {
        return {{vars}}.getOrDefault({{key}}, 0);
    }
}
'''),
        S("{{Cls}}Printer.java", '''
package {{pkg}};

public class {{Cls}}Printer {
    record {{Cls}}(String {{attr}}, int {{field}}) { }

    static String describe({{Cls}} {{var}}) {
        return {{var}}.get{{Attr}}() + ": " + {{var}}.{{field}}();
    }
}
'''),
    )),
    Category("javac_incompatible_types", "javac", r"error: incompatible types", (
        S("{{Cls}}Parser.java", '''
package {{pkg}};

public class {{Cls}}Parser {
    public int parse() {
        int {{field}} = "{{val}}";
        return {{field}};
    }
}
'''),
        S("{{Cls}}Label.java", '''
package {{pkg}};

public class {{Cls}}Label {
    public String label(int count) {
        String {{attr}} = count * {{n}};
        return {{attr}};
    }
}
'''),
        S("{{Cls}}Calculator.java", '''
package {{pkg}};

public class {{Cls}}Calculator {
    public int {{fnCamel}}(int base) {
        int {{field}} = base * 1.{{n}};
        return {{field}};
    }
}
'''),
        S("{{Cls}}Catalog.java", '''
package {{pkg}};

import java.util.ArrayList;
import java.util.List;

public class {{Cls}}Catalog {
    public List<String> {{vars}}() {
        List<String> {{vars}} = new ArrayList<Integer>();
        return {{vars}};
    }
}
'''),
    )),
    Category("javac_missing_return", "javac", r"error: missing return statement", (
        S("{{Cls}}Rules.java", '''
package {{pkg}};

public class {{Cls}}Rules {
    static String label(int {{field}}) {
        if ({{field}} > {{n}}) {
            return "high";
        } else if ({{field}} <= {{n}}) {
            return "low";
        }
    }
}
'''),
        S("{{Cls}}Finder.java", '''
package {{pkg}};

import java.util.List;

public class {{Cls}}Finder {
    static String find(List<String> {{vars}}, String {{attr}}) {
        for (String candidate : {{vars}}) {
            if (candidate.equals({{attr}})) {
                return candidate;
            }
        }
    }
}
'''),
        S("{{Cls}}Input.java", '''
package {{pkg}};

public class {{Cls}}Input {
    static int parse{{Field}}(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            System.err.println("bad {{field}}: " + text);
        }
    }
}
'''),
        S("{{Cls}}Rates.java", '''
package {{pkg}};

public class {{Cls}}Rates {
    static double rate(String {{attr}}) {
        switch ({{attr}}) {
            case "standard":
                return 1.0;
            case "express":
                return {{n}}.5;
        }
    }
}
'''),
    )),
    Category("javac_unreported_exception", "javac", r"error: unreported exception", (
        S("{{Cls}}Loader.java", '''
package {{pkg}};

import java.nio.file.Files;
import java.nio.file.Path;

public class {{Cls}}Loader {
    public String load() {
        return Files.readString(Path.of("{{vars}}.csv"));
    }
}
'''),
        S("{{Cls}}Poller.java", '''
package {{pkg}};

public class {{Cls}}Poller {
    public void waitFor{{Cls}}() {
        Thread.sleep({{n}}00);
    }
}
'''),
        S("{{Cls}}Reader.java", '''
package {{pkg}};

import java.io.FileReader;
import java.io.Reader;

public class {{Cls}}Reader {
    public Reader open() {
        return new FileReader("{{mod}}-{{vars}}.txt");
    }
}
'''),
        S("{{Cls}}Lookup.java", '''
package {{pkg}};

public class {{Cls}}Lookup {
    static class {{Cls}}NotFoundException extends Exception {
        {{Cls}}NotFoundException(String {{key}}) {
            super("no {{var}} " + {{key}});
        }
    }

    public String find(String {{key}}) {
        throw new {{Cls}}NotFoundException({{key}});
    }
}
'''),
    )),
]

# ============================================================================ java (runtime exceptions)
JAVA = [
    Category("java_null_pointer", "java", r"java\.lang\.NullPointerException", (
        S("{{Cls}}Directory.java", '''
package {{pkg}};

import java.util.HashMap;
import java.util.Map;

public class {{Cls}}Directory {
    public static void main(String[] args) {
        Map<String, String> {{attr}}Index = new HashMap<>();
        {{attr}}Index.put("known", "value");
        String {{attr}} = {{attr}}Index.get("{{val}}");
        System.out.println({{attr}}.trim());
    }
}
'''),
        S("{{Cls}}Card.java", '''
package {{pkg}};

public class {{Cls}}Card {
    static class {{Cls}} {
        String {{attr}};
    }

    public static void main(String[] args) {
        {{Cls}} {{var}} = new {{Cls}}();
        System.out.println({{var}}.{{attr}}.length());
    }
}
'''),
        S("{{Cls}}Batch.java", '''
package {{pkg}};

public class {{Cls}}Batch {
    static int[] load{{Cls}}s() {
        return null;
    }

    public static void main(String[] args) {
        int[] {{vars}} = load{{Cls}}s();
        System.out.println({{vars}}[0] + {{n}});
    }
}
'''),
        S("{{Cls}}Totals.java", '''
package {{pkg}};

import java.util.HashMap;
import java.util.Map;

public class {{Cls}}Totals {
    public static void main(String[] args) {
        Map<String, Integer> {{field}}By{{Cls}} = new HashMap<>();
        int {{field}} = {{field}}By{{Cls}}.get("{{val}}");
        System.out.println({{field}} * {{n}});
    }
}
'''),
    )),
    Category("java_array_index", "java", r"java\.lang\.ArrayIndexOutOfBoundsException", (
        S("{{Cls}}Slots.java", '''
package {{pkg}};

public class {{Cls}}Slots {
    public static void main(String[] args) {
        int[] {{vars}} = new int[{{n}}];
        for (int i = 0; i <= {{vars}}.length; i++) {
            {{vars}}[i] = i * {{n2}};
        }
    }
}
'''),
        S("{{Cls}}Cli.java", '''
package {{pkg}};

public class {{Cls}}Cli {
    public static void main(String[] args) {
        String {{attr}} = args[0];
        System.out.println("{{var}} for " + {{attr}});
    }
}
'''),
        S("{{Cls}}Code.java", '''
package {{pkg}};

public class {{Cls}}Code {
    public static void main(String[] args) {
        String[] parts = "{{val}}".split("-");
        System.out.println(parts[{{n}}]);
    }
}
'''),
        S("{{Cls}}Grid.java", '''
package {{pkg}};

public class {{Cls}}Grid {
    public static void main(String[] args) {
        int[][] grid = new int[{{n}}][{{n2}}];
        grid[{{n2}}][0] = 1;
    }
}
'''),
    )),
    Category("java_class_cast", "java", r"java\.lang\.ClassCastException", (
        S("{{Cls}}Values.java", '''
package {{pkg}};

public class {{Cls}}Values {
    public static void main(String[] args) {
        Object {{field}} = "{{val}}";
        Integer value = (Integer) {{field}};
        System.out.println(value + {{n}});
    }
}
'''),
        S("{{Cls}}Legacy.java", '''
package {{pkg}};

import java.util.ArrayList;
import java.util.List;

public class {{Cls}}Legacy {
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void main(String[] args) {
        List {{vars}} = new ArrayList();
        {{vars}}.add({{n}});
        String first = (String) {{vars}}.get(0);
        System.out.println(first);
    }
}
'''),
        S("{{Cls}}Archive.java", '''
package {{pkg}};

public class {{Cls}}Archive {
    static class {{Cls}} { }

    static class Archived{{Cls}} extends {{Cls}} { }

    public static void main(String[] args) {
        {{Cls}} {{var}} = new {{Cls}}();
        Archived{{Cls}} archived = (Archived{{Cls}}) {{var}};
        System.out.println(archived);
    }
}
'''),
        S("{{Cls}}Fields.java", '''
package {{pkg}};

import java.util.Map;

public class {{Cls}}Fields {
    public static void main(String[] args) {
        Map<String, Object> {{var}} = Map.of("{{field}}", "{{val}}");
        double {{field}} = (Double) {{var}}.get("{{field}}");
        System.out.println({{field}});
    }
}
'''),
    )),
    Category("java_number_format", "java", r"java\.lang\.NumberFormatException", (
        S("{{Cls}}Import.java", '''
package {{pkg}};

public class {{Cls}}Import {
    public static void main(String[] args) {
        int {{field}} = Integer.parseInt("{{val}}");
        System.out.println({{field}});
    }
}
'''),
        S("{{Cls}}Header.java", '''
package {{pkg}};

public class {{Cls}}Header {
    public static void main(String[] args) {
        String[] parts = "{{attr}}={{val}}".split("=");
        long {{key}} = Long.parseLong(parts[1]);
        System.out.println({{key}});
    }
}
'''),
        S("{{Cls}}Measure.java", '''
package {{pkg}};

public class {{Cls}}Measure {
    static double parse{{Field}}(String text) {
        return Double.parseDouble(text);
    }

    public static void main(String[] args) {
        System.out.println(parse{{Field}}("{{val}}"));
    }
}
'''),
        S("{{Cls}}Counter.java", '''
package {{pkg}};

public class {{Cls}}Counter {
    public static void main(String[] args) {
        int {{vars}} = Integer.parseInt("{{n}}{{n}}{{n}}{{n}}{{n}}{{n}}{{n}}{{n}}{{n}}{{n}}{{n}}");
        System.out.println({{vars}});
    }
}
'''),
    )),
]

# ============================================================================ node
NODE = [
    Category("node_reference_error", "node", r"ReferenceError: ", (
        S("{{mod}}.js", '''
const {{vars}} = [{ {{field}}: {{n}} }, { {{field}}: {{n2}} }];

function {{fnCamel}}(list) {
  return list.reduce((sum, x) => sum + x.{{field}}, 0);
}

console.log({{fnCamel}}({{varsTypo}}));
'''),
        S("{{mod}}-report.js", '''
function {{fnCamel}}({{vars}}) {
  return {{vars}}.length;
}

console.log('{{Cls}} report', {{fnCamel}}Report([]));
'''),
        S("{{mod}}-init.js", '''
function print{{Cls}}() {
  console.log(`{{field}}: ${ {{field}} }`);
  let {{field}} = {{n}};
}

print{{Cls}}();
'''),
        S("{{mod}}-strict.js", '''
'use strict';

function reset{{Cls}}s() {
  {{field}}Total = 0;
}

reset{{Cls}}s();
'''),
    )),
    Category("node_not_a_function", "node", r"TypeError: .* is not a function", (
        S("{{mod}}.js", '''
const {{var}} = { {{field}}: {{n}}, {{attr}}: '{{val}}' };

console.log({{var}}.{{fnCamel}}());
'''),
        S("{{mod}}-list.js", '''
const {{vars}} = { first: { {{field}}: {{n}} } };

const values = {{vars}}.map((x) => x.{{field}});
console.log(values);
'''),
        S("{{mod}}-module.js", '''
const {{mod}} = { {{fnCamel}}: () => {{n}} };

console.log({{mod}}('{{val}}'));
'''),
        S("{{mod}}-loader.js", '''
function load{{Cls}}(id, on{{Cls}}Loaded) {
  on{{Cls}}Loaded(null, { id, {{attr}}: '{{val}}' });
}

load{{Cls}}({{n}});
'''),
    )),
    Category("node_cannot_read_undefined", "node", r"TypeError: Cannot (read|set) properties of (undefined|null)", (
        S("{{mod}}.js", '''
const {{vars}} = [{ id: {{n}}, {{attr}}: '{{val}}' }];

const found = {{vars}}.find((x) => x.id === {{n2}});
console.log(found.{{attr}});
'''),
        S("{{mod}}-config.js", '''
const config = { database: { host: 'localhost' } };

console.log(config.{{mod}}.{{key}});
'''),
        S("{{mod}}-payload.js", '''
const {{var}} = JSON.parse('null');

console.log({{var}}.{{field}} * {{n}});
'''),
        S("{{mod}}-update.js", '''
const {{vars}} = [{ {{field}}: 1 }];

{{vars}}[{{n}}].{{field}} = {{n2}};
'''),
    )),
    Category("node_syntax_error", "node", r"SyntaxError: ", (
        S("{{mod}}.js", '''
const {{vars}} = [{{n}}, {{n2}}];

console.log('{{Cls}} count', {{vars}}.length;
'''),
        S("{{mod}}-helpers.js", '''
function {{fnCamel}}({{vars}}) {
  return {{vars}}.length;
}
}

module.exports = { {{fnCamel}} };
'''),
        S("{{mod}}-service.js", '''
function {{fnCamel}}({{vars}}) {
  let total = 0;
  for (const {{var}} of {{vars}}) {
    total += {{var}}.{{field}};
  }
  return total;
'''),
        S("{{mod}}-fetch.js", '''
function load{{Cls}}s() {
  const response = await fetch('http://localhost/{{mod}}/{{vars}}');
  return response.json();
}
'''),
    )),
    Category("node_cannot_find_module", "node", r"(Cannot find module|Cannot find package)", (
        S("{{mod}}.js", '''
const client = require('{{mod}}-client');

client.connect();
'''),
        S("{{mod}}-routes.js", '''
const { {{Cls}} } = require('./models/{{var}}');

console.log(new {{Cls}}());
'''),
        S("{{mod}}-app.mjs", '''
import { {{fnCamel}} } from '{{mod}}-sdk';

console.log({{fnCamel}}());
'''),
        S("{{mod}}-settings.js", '''
const settings = require('../config/{{mod}}.json');

console.log(settings.{{key}});
'''),
    )),
    Category("node_assertion_error", "node", r"AssertionError \[ERR_ASSERTION\]", (
        S("{{mod}}.test.js", '''
const assert = require('assert');

function {{fnCamel}}({{vars}}) {
  return {{vars}}.reduce((a, b) => a + b, 0) - 1;
}

assert.strictEqual({{fnCamel}}([{{n}}, {{n2}}]), {{n}} + {{n2}});
'''),
        S("{{mod}}-fields.test.js", '''
const assert = require('assert');

const {{var}} = { {{field}}: {{n2}}, {{attr}}: '{{val}}' };
assert.deepStrictEqual({{var}}, { {{field}}: {{n}}, {{attr}}: '{{val}}' });
'''),
        S("{{mod}}-valid.test.js", '''
const assert = require('assert');

const {{vars}} = [];
assert.ok({{vars}}.length > 0, 'expected at least one {{var}}');
'''),
        S("{{mod}}-errors.test.js", '''
const assert = require('assert');

function parse{{Cls}}(text) {
  return { {{attr}}: text };
}

assert.throws(() => parse{{Cls}}('{{val}}'), TypeError);
'''),
    )),
]

# ============================================================================ mvn
JUNIT = '''
  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.12.2</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
'''

# One Maven reactor holds every module below (one module per instance), built once offline with
# --fail-at-end: Maven's start-up is paid once, and each module fails on its own.
MAVEN = [
    Category("mvn_compilation_failure", "mvn", r"COMPILATION ERROR", (
        S("src/main/java/com/acme/{{mod}}/{{Cls}}.java", '''
package com.acme.{{mod}};

public class {{Cls}} {
    private int {{field}};

    public int {{fnCamel}}(int factor) {
        return {{fieldTypo}} * factor;
    }
}
'''),
        S("src/main/java/com/acme/{{mod}}/{{Cls}}Mapper.java", '''
package com.acme.{{mod}};

import java.util.Map;

public class {{Cls}}Mapper {
    public int {{field}}(Map<String, String> row) {
        return row.get("{{field}}");
    }
}
'''),
        S("src/main/java/com/acme/{{mod}}/{{Cls}}Status.java", '''
package com.acme.{{mod}};

public class {{Cls}}Status {
    public String describe(int {{field}}) {
        String label = "{{var}} " + {{field}}
        return label;
    }
}
'''),
        S("src/main/java/com/acme/{{mod}}/{{Cls}}Pricing.java", '''
package com.acme.{{mod}};

public class {{Cls}}Pricing {
    static int {{fnCamel}}(int {{field}}, int factor) {
        return {{field}} * factor;
    }

    public int total() {
        return {{fnCamel}}({{n}});
    }
}
'''),
    )),
    Category("mvn_offline_dependency", "mvn", r"(offline mode|could not be resolved|Could not resolve)", (
        S("src/main/java/com/acme/{{mod}}/{{Cls}}Api.java", '''
package com.acme.{{mod}};

public class {{Cls}}Api { }
''', pom='''
  <dependencies>
    <dependency>
      <groupId>com.acme.{{mod}}</groupId>
      <artifactId>{{mod}}-client</artifactId>
      <version>2.{{n}}.1</version>
    </dependency>
  </dependencies>
'''),
        S("src/main/java/com/acme/{{mod}}/{{Cls}}Model.java", '''
package com.acme.{{mod}};

public class {{Cls}}Model { }
''', pom='''
  <dependencies>
    <dependency>
      <groupId>com.acme</groupId>
      <artifactId>{{mod}}-model</artifactId>
      <version>1.0.{{n}}-SNAPSHOT</version>
    </dependency>
  </dependencies>
'''),
        S("src/main/java/com/acme/{{mod}}/{{Cls}}Commons.java", '''
package com.acme.{{mod}};

public class {{Cls}}Commons { }
''', pom='''
  <dependencies>
    <dependency>
      <groupId>org.example.{{mod}}</groupId>
      <artifactId>{{mod}}-commons</artifactId>
      <version>{{n}}.4</version>
    </dependency>
    <dependency>
      <groupId>org.example.{{mod}}</groupId>
      <artifactId>{{mod}}-testkit</artifactId>
      <version>{{n}}.4</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
'''),
        S("src/main/java/com/acme/{{mod}}/{{Cls}}Generated.java", '''
package com.acme.{{mod}};

public class {{Cls}}Generated { }
''', pom='''
  <build>
    <plugins>
      <plugin>
        <groupId>com.acme.build</groupId>
        <artifactId>{{mod}}-codegen-maven-plugin</artifactId>
        <version>1.{{n}}.0</version>
        <executions>
          <execution>
            <goals><goal>generate</goal></goals>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
'''),
    )),
    Category("mvn_test_failure", "mvn", r"There are test failures", (
        S("src/test/java/com/acme/{{mod}}/{{Cls}}Test.java", '''
package com.acme.{{mod}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class {{Cls}}Test {
    static int {{fnCamel}}(int... values) {
        int total = 0;
        for (int i = 1; i < values.length; i++) {
            total += values[i];
        }
        return total;
    }

    @Test
    void {{fnCamel}}AddsEvery{{Cls}}() {
        assertEquals({{n}} + {{n2}}, {{fnCamel}}({{n}}, {{n2}}));
    }
}
''', pom=JUNIT),
        S("src/test/java/com/acme/{{mod}}/{{Cls}}ValidationTest.java", '''
package com.acme.{{mod}};

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class {{Cls}}ValidationTest {
    static boolean isValid(String {{attr}}) {
        return {{attr}} != null && {{attr}}.matches("[a-z]+");
    }

    @Test
    void accepts{{Attr}}() {
        assertTrue(isValid("{{val}}"), "{{var}} {{attr}} should be valid");
    }
}
''', pom=JUNIT),
        S("src/test/java/com/acme/{{mod}}/{{Cls}}ParserTest.java", '''
package com.acme.{{mod}};

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class {{Cls}}ParserTest {
    static String parse{{Field}}(String text) {
        return text.trim();
    }

    @Test
    void rejectsEmpty{{Field}}() {
        assertThrows(IllegalArgumentException.class, () -> parse{{Field}}(" "));
    }
}
''', pom=JUNIT),
        S("src/test/java/com/acme/{{mod}}/{{Cls}}RepositoryTest.java", '''
package com.acme.{{mod}};

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class {{Cls}}RepositoryTest {
    private final Map<String, String> {{vars}} = Map.of("{{val}}", "{{attr}}");

    @Test
    void finds{{Cls}}By{{Key}}() {
        assertNotNull({{vars}}.get("{{n}}"), "{{var}} {{n}} should be stored");
    }
}
''', pom=JUNIT),
    )),
]

CATEGORIES = PYTHON + JAVAC + JAVA + NODE + MAVEN
