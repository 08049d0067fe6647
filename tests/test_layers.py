"""The layers stay visible: the domain, the store and the report never import Textual (or the TUI)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import klachtendesk

PACKAGE = Path(klachtendesk.__file__).parent


def _imports(folder: str) -> set[str]:
    found: set[str] = set()
    for path in (PACKAGE / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
    return found


def test_domain_has_no_textual_and_no_sql():
    imported = _imports("domain")
    forbidden = {"textual", "sqlalchemy", "sqlmodel", "sqlite3", "klachtendesk.store", "klachtendesk.tui"}
    assert not {m for m in imported if m.split(".")[0] in forbidden or m in forbidden
                or any(m.startswith(f + ".") for f in forbidden)}


@pytest.mark.parametrize("folder", ["store", "report", "mail", "letters"])
def test_store_report_mail_and_letters_have_no_textual(folder):
    imported = _imports(folder)
    assert imported, f"no imports found in {folder}: the test would pass on an empty folder"
    assert not {m for m in imported if m.split(".")[0] == "textual" or m.startswith("klachtendesk.tui")}


def test_importing_domain_store_and_report_loads_no_textual():
    code = (
        "import sys, pkgutil, importlib, klachtendesk.domain, klachtendesk.store, klachtendesk.report\n"
        "for pkg in (klachtendesk.domain, klachtendesk.store, klachtendesk.report):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


ROOT = Path(__file__).resolve().parent.parent  # the repository, whichever way klachtendesk is installed


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_the_import_linter_contracts_hold():
    """The layer rules of pyproject.toml ([tool.importlinter], each with its reason)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


#: SQL that names one of the store's tables, in a string.
_TABLE_SQL = re.compile(r"\b(FROM|JOIN|INTO|UPDATE)\s+(case_file|event|app_user|setting|category|channel|entity|"
                        r"qualification|signal_type|attachment|letter|mail_message|case_fts|case_open_fts)\b",
                        re.IGNORECASE)


@pytest.mark.parametrize("folder", ["tui", "register", "report", "cli", "mail", "letters"])
def test_only_the_store_runs_sql(folder):
    """No driver-level call and no SQL naming a table outside store/ (import-linter sees
    imports; this sees what a module could still do through a session it was handed)."""
    found = []
    for path in (PACKAGE / folder).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("exec_driver_sql", "raw_connection", "execute"):
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _TABLE_SQL.search(node.value):
                found.append(f"{path.name}:{node.lineno} {node.value[:60]!r}")
    assert found == []
