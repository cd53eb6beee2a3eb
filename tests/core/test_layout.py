"""The house stays easy to find one's way in: no module of application code over 500 lines and
no function over 60 (the demo's data tables are data, not functions), as docs/architecture.md
says."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["sunnemodel", "core", "dialogues", "opinions", "strategy", "public", "demo", "archive"]


def application_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in application_modules()
        if (lines := path.read_text().count("\n")) > 500
    }
    assert not long, long


def test_no_function_is_over_60_lines():
    long = {}
    for path in application_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = length
    assert not long, long


def test_the_layout_checks_read_every_app():
    assert len(list(application_modules())) > 100
