"""The layout style.md asks for: tests build their own data, and no module grows past the ~600-line mark."""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
# The demo's own test runs seed_demo and signs in with its password; every other test builds its data
# through tests/factories.py.
DEMO_TEST = TESTS / "test_seed_demo.py"
MAX_LINES = 650  # style.md: "files over ~600 lines are a smell"; this leaves a little room


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_tests_import_nothing_from_the_demo():
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in TESTS.rglob("*.py")
        if path != DEMO_TEST
        for name in imported_modules(path)
        if name == "demo" or name.startswith("demo.")
    )
    assert not offenders, "tests import the demo (build the data with tests/factories.py):\n" + "\n".join(
        offenders
    )


def project_sources() -> list[Path]:
    """The project's .py files outside tests and migrations (hidden folders such as .venv pruned)."""
    sources = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith((".", "__"))
            and name not in ("migrations", "node_modules")
            and Path(folder, name) != TESTS
        )
        sources += [Path(folder, name) for name in files if name.endswith(".py")]
    return sources


def test_no_module_is_over_the_line_mark():
    sources = project_sources()
    assert any(path.parts[-2:] == ("demo", "registry.py") for path in sources)  # the walk finds the code
    offenders = []
    for path in sources:
        with path.open(encoding="utf-8") as lines:
            count = sum(1 for _ in lines)
        if count > MAX_LINES:
            offenders.append(f"{path.relative_to(ROOT)}: {count} lines")
    assert not offenders, f"modules over {MAX_LINES} lines (split by sub-domain):\n" + "\n".join(
        sorted(offenders)
    )
