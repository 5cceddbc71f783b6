"""The layers of docs/architecture.md hold: each part imports only the parts below it.

From the bottom: the project's web plumbing (eventScheduler.web), security (limits, audit),
logins (sessions, tokens), notifications (account emails), mfa (second factors), accounts
(users, profiles). Tests and migrations may import anything;
the project's settings and URLs (outside eventScheduler.web) put the apps together.
"""

import ast
from pathlib import Path

from django.conf import settings

# Lowest first; a part may import the parts before it, never those after it.
LAYERS = ["eventScheduler.web", "security", "logins", "notifications", "mfa", "accounts"]


def part_of(module):
    for layer in sorted(LAYERS, key=len, reverse=True):
        if module == layer or module.startswith(layer + "."):
            return layer
    return None


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def app_modules():
    for layer in LAYERS:
        root = Path(settings.BASE_DIR, *layer.split("."))
        for path in root.rglob("*.py"):
            relative = path.relative_to(settings.BASE_DIR).with_suffix("")
            if {"tests", "migrations"} & set(relative.parts):
                continue
            yield ".".join(relative.parts), path


def test_no_part_imports_a_part_above_it():
    wrong = []
    for module, path in app_modules():
        own = LAYERS.index(part_of(module))
        for imported in set(imported_modules(path)):
            layer = part_of(imported)
            if layer is not None and LAYERS.index(layer) > own:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_every_local_app_has_a_place_in_the_layers():
    local = {app for app in settings.INSTALLED_APPS if Path(settings.BASE_DIR, app).is_dir()}
    assert local <= set(LAYERS)


def test_the_check_sees_a_wrong_import(tmp_path):
    # The checker itself: a plumbing module that imports an app is named.
    module = tmp_path / "errors.py"
    module.write_text("from accounts.models import User\nimport logins.tokens\n")
    layers = {part_of(name) for name in imported_modules(module)}
    assert layers == {"accounts", "logins"}
