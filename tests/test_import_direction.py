"""Imports point one way (style.md): common, accounts ← schedule ← notifications ← jobs ← integrity ← registry ← specifications ← examiners ← audits,
certificates ← todo ← demo. audits and certificates never import each other. Checked on the source with ast,
imports inside functions included, so a shortcut cannot hide in a function body."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may import the apps before it in this list, never those after it.
LAYERS = [
    "common",
    "accounts",
    "schedule",
    "notifications",
    "jobs",
    "integrity",
    "registry",
    "specifications",
    "examiners",
    "audits",
    "certificates",
    "plans",
    "todo",
    "demo",
]
# Pairs of the same height that must not import each other (importer, imported).
APART = {("audits", "certificates"), ("certificates", "audits")}
ALLOWED = {
    app: {below for below in LAYERS[:index] if (app, below) not in APART} for index, app in enumerate(LAYERS)
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


def test_every_app_of_the_project_is_placed():
    """A new app must be given its place here (and in style.md's arrows) before it can pass."""
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps == set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_what_lies_below_it(app):
    wrong = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        bad = imported_apps(path) - ALLOWED[app] - {app}
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}
