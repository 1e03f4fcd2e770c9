"""Dependencies kept true (issue 19 item 7): pyproject.toml declares what the code imports, and nothing more.

A package that arrives only as someone else's dependency can vanish with their next release; a declared one
nobody uses is an attack surface and an upgrade chore for nothing.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Used by name rather than by import: settings strings, the command line, extras of another package.
ZONDER_IMPORT = {
    "django-htmx": "INSTALLED_APPS / MIDDLEWARE 'django_htmx'",
    "whitenoise": "MIDDLEWARE",
    "gunicorn": "the web server in docker-compose",
    "redis": "the Celery broker transport (CELERY_BROKER_URL=redis://)",
    "sqlalchemy": "kombu's embedded SQLite broker for make run",
    "pytest-django": "pytest plugin",
    "pytest-xdist": "pytest plugin (make test -n 2)",
    "pytest-playwright": "pytest plugin (browser tests)",
    "ruff": "make lint",
    "mypy": "make lint",
    "import-linter": "make lint (the layer contracts in .importlinter)",
    "django-stubs": "mypy plugin",
}


def _naam(spec: str) -> str:
    return re.split(r"[\[=<>~! ;]", spec, maxsplit=1)[0].lower().replace("_", "-")


def _gedeclareerd() -> set[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    specs = pyproject["project"]["dependencies"] + pyproject["dependency-groups"]["dev"]
    return {_naam(s) for s in specs}


def _geimporteerd() -> set[str]:
    modules: set[str] = set()
    for pad in ROOT.rglob("*.py"):
        if {".venv", ".venv-tools", "var", "node_modules"} & set(pad.relative_to(ROOT).parts):
            continue
        for knoop in ast.walk(ast.parse(pad.read_text(), str(pad))):
            if isinstance(knoop, ast.Import):
                modules |= {a.name.split(".")[0] for a in knoop.names}
            elif isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0:
                modules.add(knoop.module.split(".")[0])
    verdeling = packages_distributions()
    eigen = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() or p.suffix == ".py"} | {"tests"}
    return {
        d.lower().replace("_", "-")
        for m in modules - set(sys.stdlib_module_names) - eigen
        for d in verdeling.get(m, [m])
    }


def test_every_imported_package_is_declared():
    ontbreekt = _geimporteerd() - _gedeclareerd()
    assert ontbreekt == set(), f"imported but only transitively installed: {sorted(ontbreekt)}"


def test_every_declared_package_is_used():
    ongebruikt = _gedeclareerd() - _geimporteerd() - set(ZONDER_IMPORT)
    assert ongebruikt == set(), f"declared but never imported: {sorted(ongebruikt)}"


def test_the_list_of_packages_used_without_import_is_itself_true():
    """An entry here that is imported after all, or no longer declared, would hide a real finding."""
    assert set(ZONDER_IMPORT) <= _gedeclareerd()
    assert set(ZONDER_IMPORT) & _geimporteerd() == set()
