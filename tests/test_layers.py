"""The house has one direction of imports: bot (the runtime) → dialogs → services → storage and model.

Read from the source, so a new import that points the wrong way fails here with its file and line."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"app", "bot", "dialogs", "services", "storage", "reports", "texts", "model"}
# What each package may import of ours, besides itself. The cards are the one part of the runtime the
# conversation uses: they are how it shows things.
MAY_IMPORT = {
    "model": set(),
    "storage": {"model"},
    "services": {"storage", "model"},
    "texts": {"model"},
    "reports": {"services", "storage", "texts", "model"},
    "dialogs": {"services", "texts", "model", "bot.cards"},
    "bot": {"dialogs", "services", "storage", "reports", "texts", "model"},
}
BOTBUILDER = ("botbuilder", "botframework")
MAY_IMPORT_BOTBUILDER = {"bot", "dialogs"}


def imports() -> list[tuple[str, Path, int, str]]:
    """(package, file, line, imported module) for every import in our packages."""
    found = []
    for package in MAY_IMPORT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found += [(package, path, node.lineno, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.append((package, path, node.lineno, node.module))
    return found


def allowed(package: str, module: str) -> bool:
    top = module.split(".")[0]
    if top in BOTBUILDER:
        return package in MAY_IMPORT_BOTBUILDER
    if top not in OURS or top == package:
        return True
    return any(module == rule or module.startswith(f"{rule}.") for rule in MAY_IMPORT[package])


def test_every_import_points_down_the_house():
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {module}" for package, path, line, module in imports()
             if not allowed(package, module)]
    assert wrong == []


@pytest.mark.parametrize("package, module, expected", [
    ("dialogs", "storage.plans", False), ("services", "botbuilder.core", False), ("dialogs", "bot.cards.plan", True),
    ("dialogs", "bot.handler", False), ("storage", "services.plan", False), ("bot", "dialogs.main", True),
])
def test_the_rules_read_as_meant(package, module, expected):
    assert allowed(package, module) is expected
