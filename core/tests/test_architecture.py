"""design.md's layering, checked on the source: the apps' import graph (from the syntax tree of
every module but tests and migrations) has no cycle and no arrow pointing up or sideways."""

import ast
from pathlib import Path

from django.conf import settings

#: design.md "The shape": an app imports only from rows below it (within a row: none, except
#: support → programs). A lower number is a lower row.
LAYERS = {
    "core": 0,
    "geo": 1,
    "imports": 1,
    "reports": 1,
    "accounts": 2,
    "registry": 3,
    "evaluation": 4,
    "indicators": 5,
    "programs": 6,
    "support": 6,
    "portal": 7,
    "demo": 8,  # loads every app's demo data (manage.py demo_load); nothing imports it
}
ALLOWED_WITHIN_A_ROW = {("support", "programs")}
#: Arrows against the design that exist today, each with its reason; the test also fails when one
#: is gone, so this list only shrinks. imports is to know no domain model: the registry's import
#: kinds (staging, specs, commit) move to registry/import_kinds.py under issue #16, and unit-name
#: resolution is geo's, reached through that kind.
KNOWN_EXCEPTIONS = {
    ("imports", "registry"): "registry's import kinds still live in imports/ (#16)",
    ("imports", "geo"): "imports/units.py and workbooks.py resolve and list units (#16)",
    ("imports", "reports"): "imports writes its templates and error workbooks with reports' XLSX/CSV builders",
}
ROOT = Path(settings.BASE_DIR)


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & LAYERS.keys()


def app_graph() -> dict[str, dict[str, list[str]]]:
    """{app: {imported app: [modules importing it]}}, imports of an app by itself left out."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in LAYERS}
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            for target in _imported_apps(path) - {app}:
                graph[app].setdefault(target, []).append(str(path.relative_to(ROOT)))
    return graph


def _cycles(graph) -> list[list[str]]:
    found, done = [], set()

    def visit(app, trail):
        if app in trail:
            found.append([*trail[trail.index(app) :], app])
            return
        if app in done:
            return
        for target in graph[app]:
            visit(target, [*trail, app])
        done.add(app)

    for app in graph:
        visit(app, [])
    return found


def test_the_apps_import_each_other_without_a_cycle():
    assert _cycles(app_graph()) == []


def test_every_arrow_points_down_the_layers_of_the_design():
    against = {}
    for app, targets in app_graph().items():
        for target, modules in targets.items():
            downward = LAYERS[target] < LAYERS[app] or (app, target) in ALLOWED_WITHIN_A_ROW
            if not downward and (app, target) not in KNOWN_EXCEPTIONS:
                against[f"{app} → {target}"] = modules
    assert against == {}


def test_the_known_exceptions_still_exist_so_the_list_only_shrinks():
    graph = app_graph()
    gone = [pair for pair in KNOWN_EXCEPTIONS if pair[1] not in graph[pair[0]]]
    assert gone == []


def test_the_graph_sees_a_cycle_when_there_is_one():
    graph = {"a": {"b": ["a/x.py"]}, "b": {"c": ["b/y.py"]}, "c": {"a": ["c/z.py"]}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
