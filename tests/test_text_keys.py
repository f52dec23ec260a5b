"""Every text the bot says or reads is named by a literal key that the catalogue has, and every key in the
catalogue is used: read from the source, so a typo or a forgotten text fails here, not in a conversation."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from texts import Texts

ROOT = Path(__file__).resolve().parents[1]
CODE = ("app.py", "bot", "dialogs", "reports", "services", "texts", "teams")
TEMPLATE_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")  # t("report_title") in the report page
CATALOGUE = Texts.load()


def modules() -> list[tuple[Path, ast.AST]]:
    paths = []
    for place in CODE:
        path = ROOT / place
        paths += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in paths]


def lookups() -> list[tuple[Path, ast.Call]]:
    """Calls that look a text up: `texts(...)`, `self.services.texts(...)`, `texts.plain(...)` and the like."""
    found = []
    for path, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                owner = node.func.value if isinstance(node.func, ast.Attribute) else None
                # texts("key", …), texts.plain("key", …), texts.phrases("key"), and the report view's t("key", …)
                looks_up = name in {"texts", "t"} or (name in {"plain", "phrases"} and _texts(owner))
                if looks_up:
                    found.append((path, node))
    return found


def _texts(node: ast.AST | None) -> bool:
    return (isinstance(node, ast.Name) and node.id == "texts") or (isinstance(node, ast.Attribute) and node.attr == "texts")


def literals() -> set[str]:
    """Every string in the code (keys are named literally, also in mappings such as value -> key) and every
    key the report page's templates look up."""
    in_code = {node.value for _, tree in modules() for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    templates = (ROOT / "reports" / "templates").glob("*.j2")
    return in_code | {key for path in templates for key in TEMPLATE_KEY.findall(path.read_text(encoding="utf-8"))}


def test_no_text_key_is_built_from_pieces():
    built = [f"{path.relative_to(ROOT)}:{call.lineno}" for path, call in lookups()
             if isinstance(call.args[0], (ast.JoinedStr, ast.BinOp))]
    assert built == []


def test_every_key_named_in_code_is_in_the_catalogue():
    missing = [f"{path.relative_to(ROOT)}:{call.lineno} {call.args[0].value!r}" for path, call in lookups()
               if isinstance(call.args[0], ast.Constant) and call.args[0].value not in CATALOGUE]
    assert missing == []


def test_every_key_in_the_catalogue_is_used():
    assert sorted(set(CATALOGUE.keys()) - literals()) == []
