"""The import contracts in pyproject.toml hold, and catch an import that leans the wrong way."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "scheduler", "coach", "botapi_emulator")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the packages found in ``tree``, with the project's contracts."""
    environment = dict(os.environ, PYTHONPATH=str(tree))
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script), "--config", str(ROOT / "pyproject.toml")]
    return subprocess.run(
        [*command, "--no-cache"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the source packages to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    return tmp_path


def test_the_tree_keeps_every_contract(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("bot/services/notes.py", "from telegram import Bot", "import no Telegram"),
        ("bot/services/log.py", "from scheduler import runner", "bot does not import scheduler"),
        ("bot/domain/plan.py", "from bot.db import models", "The domain is pure"),
        ("scheduler/runner.py", "from bot.handlers import notes", "Only the composition root"),
    ],
)
def test_an_import_that_leans_the_wrong_way_breaks_a_contract(
    tree: Path, module: str, line: str, contract: str
) -> None:
    path = tree / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert any(contract in row for row in broken), result.stdout


def test_every_module_and_class_reads_in_one_sitting() -> None:
    """At most 400 lines a module and 200 a class in bot/, scheduler/, coach/ and benchmarks/
    (the emulator, a test double with its own tests, is outside; README, "Architecture")."""
    too_long = []
    for package in ("bot", "scheduler", "coach", "benchmarks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            name = path.relative_to(ROOT)
            if (lines := source.count("\n")) > 400:
                too_long.append(f"{name}: {lines} lines")
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.ClassDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > 200:
                        too_long.append(f"{name}: class {node.name}, {length} lines")
    assert too_long == []
