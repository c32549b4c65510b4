"""The house's one-way dependencies: catalog and shield at the bottom, the domain apps above
them, the project package on top composing pages. A lower app that imports (or includes the
templates or static files of) a higher one fails here, and so does a migration that imports
the app's code of today instead of writing its steps out."""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "kcinema"
# What each app may use, besides Django, the standard library and installed libraries.
MAY_USE: dict[str, set[str]] = {
    "catalog": set(),
    "shield": set(),
    "search": {"catalog", "shield", "watch"},  # what of a film can be played
    "watch": {"catalog", "shield"},
    "community": {"catalog", "shield"},
    # imports write the catalogue and keep the search index in step as films arrive
    "importers": {"catalog", "search", "shield"},
}
OURS = {*MAY_USE, PROJECT}
# Every page extends the project's layout, which is the one thing an app may ask of the top.
LAYOUT_TEMPLATES = {"base.html"}
TEMPLATE_REFERENCE = re.compile(
    r"""\{%\s*(?:include|extends|static)\s+["']([^"']+)["']""",
)


def python_files(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports, at its top or inside functions alike."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def template_references(package: str) -> list[tuple[Path, str]]:
    """(template, referenced app) for each include, extends and static naming an app's folder."""
    found = []
    for path in sorted((ROOT / package / "templates").rglob("*.html")):
        for name in TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            if name not in LAYOUT_TEMPLATES:
                found.append((path, name.split("/")[0]))
    return found


@pytest.mark.parametrize("app", sorted(MAY_USE))
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = MAY_USE[app] | {app}
    wrong = {
        f"{path.relative_to(ROOT)} imports {package}"
        for path in python_files(app)
        for package in imported_packages(path) & OURS
        if package not in allowed
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("app", sorted(MAY_USE))
def test_an_app_uses_only_the_templates_and_static_files_of_the_apps_below_it(app):
    allowed = MAY_USE[app] | {app}
    wrong = {
        f"{path.relative_to(ROOT)} uses {owner}/"
        for path, owner in template_references(app)
        if owner in OURS and owner not in allowed
    }
    assert not wrong, sorted(wrong)


def test_settings_import_no_app():
    """Settings are read before any app is ready: an app module they import could never use
    its models."""
    packages = imported_packages(ROOT / PROJECT / "settings.py")
    assert packages & OURS <= {PROJECT}


@pytest.mark.parametrize(
    "migration",
    sorted(path for app in MAY_USE for path in (ROOT / app / "migrations").glob("0*.py")),
    ids=lambda path: f"{path.parent.parent.name}/{path.name}",
)
def test_a_migration_imports_only_django_and_the_standard_library(migration):
    """A migration that calls today's code changes what a fresh install gets while existing
    sites never see the change: its DDL and data steps are written out in it."""
    outside = {
        package
        for package in imported_packages(migration)
        if package != "django" and package not in sys.stdlib_module_names
    }
    assert not outside, f"{migration.relative_to(ROOT)} imports {sorted(outside)}"


def test_the_rule_sees_a_wrong_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from watch.player import player_for\nimport search.text\n")
    assert imported_packages(module) == {"watch", "search"}
