"""The layout holds (docs/architecture.md): the import contracts of pyproject.toml are kept, and
no import cycle joins modules of two apps. The one cycle allowed is a service and the task it
enqueues (two modules of one app, one of them its tasks module)."""

import subprocess
import sys
from pathlib import Path

import grimp
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = [
    "ascn_portal",
    "core",
    "reference",
    "demo",
    "accounts",
    "cities",
    "action_plans",
    "partners",
    "meetings",
    "reports",
    "learning",
    "review",
]


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _a_service_and_its_task(component: list[str], graph=None) -> bool:
    """Services of one app and that app's tasks module, which they enqueue and which calls them
    back: without the tasks module, nothing in the group is in a cycle."""
    apps = {module.split(".")[0] for module in component}
    tasks = [module for module in component if module == f"{next(iter(apps))}.tasks"]
    if len(apps) != 1 or len(tasks) != 1:
        return False
    if graph is None:
        return len(component) == 2
    rest = grimp.ImportGraph()
    for module in component:
        if module != tasks[0]:
            rest.add_module(module)
    for importer in rest.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported in rest.modules:
                rest.add_import(importer=importer, imported=imported)
    return _cycles(rest) == []


def test_no_import_cycle_joins_two_apps():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = [c for c in _cycles(graph) if not _a_service_and_its_task(c, graph)]
    assert cycles == []


def test_the_cycle_check_sees_a_cycle():
    """The check itself: a cycle of two apps is found, a service and its task is allowed."""
    graph = grimp.ImportGraph()
    for module in ("a.services", "a.tasks", "b.selectors", "c.policy"):
        graph.add_module(module)
    graph.add_import(importer="a.services", imported="a.tasks")
    graph.add_import(importer="a.tasks", imported="a.services")
    graph.add_import(importer="b.selectors", imported="c.policy")
    graph.add_import(importer="c.policy", imported="b.selectors")
    cycles = _cycles(graph)
    assert sorted(cycles) == [["a.services", "a.tasks"], ["b.selectors", "c.policy"]]
    assert [c for c in cycles if not _a_service_and_its_task(c)] == [["b.selectors", "c.policy"]]


def test_the_architecture_guide_names_every_room_and_the_readme_links_it():
    guide = (ROOT / "docs" / "architecture.md").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "(docs/architecture.md)" in readme
    for room in PACKAGES:
        assert f"`{room}/`" in guide, room
        assert f"| `{room}/` |" in readme, room
    on_disk = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"ascn_portal"}
    assert on_disk == set(PACKAGES)
