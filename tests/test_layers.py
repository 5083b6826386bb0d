"""The house's layers (docs/architecture.md): no import cycles, only bot/store/ speaks SQL, the domain speaks no chat."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"


def _modules() -> dict[str, Path]:
    found = {}
    for path in BOT.rglob("*.py"):
        name = ".".join(path.relative_to(BOT.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """`bot.a.b.Thing` → the module `bot.a.b` that defines it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """Every bot module `module` imports, at any depth of its code (type-checking imports included)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {t for n in names if n.startswith("bot.") and (t := _resolve(n)) and t != module}
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in `graph` as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def layer(module: str) -> str:
    """`bot.office.members` → `bot.office`; the wiring modules (`bot.app`, `bot.services`) are their own."""
    return ".".join(module.split(".")[:2])


def test_find_cycle_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_import_cycle():
    graph = {m: imports_of(m) for m in MODULES}
    assert find_cycle(graph) is None


def test_no_cycle_between_layers():
    """A layer never imports from a layer that imports it: the packages form one direction of flow."""
    graph: dict[str, set[str]] = defaultdict(set)
    for module in MODULES:
        graph[layer(module)] |= {layer(t) for t in imports_of(module)} - {layer(module)}
    assert find_cycle(graph) is None


def test_bot_holds_only_the_wiring_and_the_layer_packages():
    loose = sorted(p.name for p in BOT.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "app.py", "services.py"]


def test_the_chat_layer_does_not_import_the_wiring():
    for module in MODULES:
        if layer(module) in ("bot.chat", "bot.handlers", "bot.office", "bot.jobs", "bot.outbox"):
            assert "bot.app" not in imports_of(module), module


def test_transports_sit_below_the_app():
    """A transport knows one network; the runner (bot/runner/) owns the app, the scheduler and delivery."""
    above = {"bot.app", "bot.services", "bot.schedule", "bot.runner", "bot.cli", "bot.handlers"}
    for module in MODULES:
        if layer(module) == "bot.transports":
            assert not {layer(t) for t in imports_of(module)} & above, module


SQL_CALL = {"execute", "executemany", "executescript", "query"}
SQL_TEXT = re.compile(
    r"\b(SELECT\b[\s\S]+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)|DROP\s+(TABLE|INDEX|TRIGGER)|PRAGMA\s+\w+)\b",
    re.I,
)


def sql_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            uses += [f"import {n}" for n in names if n.split(".")[0] in ("sqlite3", "sqlite_utils")]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALL:
            uses.append(f"line {node.lineno}: .{node.func.attr}(…)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
            uses.append(f"line {node.lineno}: SQL text")
    return uses


def test_sql_check_sees_sql():
    sample = BOT / "store" / "database.py"
    assert sql_uses(sample)


def test_only_the_store_runs_sql():
    offenders = {
        str(p.relative_to(BOT)): uses
        for p in BOT.rglob("*.py")
        if p.relative_to(BOT).parts[0] != "store" and (uses := sql_uses(p))
    }
    assert offenders == {}


DOMAIN = ("bot.office", "bot.ledger", "bot.scoring", "bot.jobs")
IMPORTER = ("bot.ledger.importer", "bot.ledger.sheets")  # reading spreadsheets: a front of its own
# What the domain must not lean on: the fronts (their grammar and wording) and the importer's reading of cells.
FRONTS = ("bot.handlers", "bot.chat.router", "bot.chat.commands", "bot.chat.context", *IMPORTER)
SLASH_COMMAND = re.compile(r"[/#]\s*[\u4e00-\u9fff]{2,}")


def slash_commands(path: Path) -> list[str]:
    """Chat commands (/撤销, #调研) in a module's string literals; docstrings and comments are not code."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"line {node.lineno}: {m.group(0)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        for m in SLASH_COMMAND.finditer(node.value)
    ]


def test_the_slash_command_check_sees_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Docs may say /撤销."""\nHINT = "用 /撤销 12 原因"\n', "utf-8")
    assert slash_commands(sample) == ["line 2: /撤销"]


def test_the_domain_speaks_no_chat():
    """office/, ledger/, scoring/ and jobs/ hold no slash commands (a front words what to do next)."""
    offenders = {
        name: found for name, path in MODULES.items() if layer(name) in DOMAIN and (found := slash_commands(path))
    }
    assert offenders == {}


def test_the_domain_imports_no_front():
    """office/, ledger/ and scoring/ import nothing from reports/, handlers/, the router or the importer's parsing;
    jobs/ (which post to the group, a front of their own) nothing from handlers/ or the importer's parsing."""
    offenders = {}
    for name in MODULES:
        if layer(name) not in DOMAIN or name in IMPORTER:
            continue
        banned = FRONTS + (() if layer(name) == "bot.jobs" else ("bot.reports",))
        if found := sorted(t for t in imports_of(name) if t.startswith(banned)):
            offenders[name] = found
    assert offenders == {}
