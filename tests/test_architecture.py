"""The apps depend one way: approvals → budgets → indicators; code and migrations alike."""

import ast
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

REPO = Path(__file__).resolve().parent.parent
ORDER = ["indicators", "budgets", "approvals"]  # each may import only those before it
PROJECT_APPS = set(ORDER)


def imported_apps(path):
    """The project apps a module imports (absolute imports; relative ones stay inside the app)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & PROJECT_APPS
    return found


def modules_of(app):
    return sorted((REPO / app).rglob("*.py"))


@pytest.mark.parametrize("app", ORDER)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(ORDER[: ORDER.index(app) + 1])
    wrong = {str(path.relative_to(REPO)): sorted(imported_apps(path) - allowed)
             for path in modules_of(app) if imported_apps(path) - allowed}
    assert wrong == {}
    assert modules_of(app), "the walk found no modules"


def test_the_walk_sees_real_imports():
    # The checker itself: budgets imports indicators, approvals imports budgets.
    assert any("indicators" in imported_apps(p) for p in modules_of("budgets"))
    assert any("budgets" in imported_apps(p) for p in modules_of("approvals"))


@pytest.mark.django_db
def test_migrations_depend_one_way_too():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    wrong = []
    for (app, name), migration in loader.disk_migrations.items():
        if app not in PROJECT_APPS:
            continue
        allowed = set(ORDER[: ORDER.index(app) + 1])
        for dep_app, _ in migration.dependencies:
            if dep_app in PROJECT_APPS and dep_app not in allowed:
                wrong.append(f"{app}.{name} → {dep_app}")
    assert wrong == []
