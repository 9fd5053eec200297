"""Every scoped model must have access tests: tests marked ``pytest.mark.access("app.Model")``.

The marks are read from the test sources, so the check holds whichever tests are selected.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gonghui
from gonghui.core.scoping import scoped_models


def _marked_labels() -> set[str]:
    labels: set[str] = set()
    for path in Path(gonghui.__file__).parent.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "access"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "mark"
            ):
                labels.update(
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
    return labels


def test_every_scoped_model_has_access_tests() -> None:
    scoped = {model._meta.label for model in scoped_models()}
    assert scoped, "no scoped models found"
    missing = sorted(scoped - _marked_labels())
    assert not missing, f"scoped models without access tests (pytest.mark.access): {missing}"


def test_every_scoped_model_declares_a_valid_scope_lookup() -> None:
    for model in scoped_models():
        # Building the query resolves the lookup: a typo fails here, not in production.
        str(
            model._default_manager.filter(**{f"{model.scope_path_lookup}__startswith": "/1/"}).query
        )
        assert hasattr(model._default_manager, "restrict"), model


def test_every_scoped_model_derives_its_scope_path_from_its_lookup() -> None:
    from gonghui.core.scoping import ScopedRecord

    plain = [m._meta.label for m in scoped_models() if not issubclass(m, ScopedRecord)]
    assert not plain, f"scoped models without ScopedRecord: {plain}"


def test_scope_path_follows_the_lookup(tree) -> None:
    from gonghui.core.models import AuditLog

    entry = AuditLog(unit_path="/1/7/")
    assert entry.scope_path == "/1/7/"
    assert tree.grassroots_a.scope_path == tree.grassroots_a.path
