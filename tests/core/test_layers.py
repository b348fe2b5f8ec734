"""The project's shape: apps import only downwards, modules import in no
circle, and no source file outgrows LINE_LIMIT lines.

    core <- organizations <- cadres <- inspection <- rules <- reports

config (settings, URLs, Celery) may import anything and nothing imports it.
Imports inside functions count: a lazy import hides a cycle, it does not
break it. Tests are not checked for imports; migrations and demo data files
(`demo*.py`) are exempt from the line limit."""
import ast
import functools
import os
from collections import defaultdict
from pathlib import Path

ORDER = ("core", "organizations", "cadres", "inspection", "rules", "reports")
LINE_LIMIT = 450
ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCE = {"migrations", ".venv", "locale", "static", "templates", "node_modules", "var"}
NOT_CHECKED_FOR_IMPORTS = {"tests", "bench"}


def _source_files(root):
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in NOT_SOURCE and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(dirpath, name)


def _module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(tree, module, is_package):
    """(line, dotted name) of every import in the file, relative ones resolved.
    `from pkg import name` yields pkg.name (a submodule or not: resolved later)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module
            for alias in node.names:
                yield node.lineno, f"{origin}.{alias.name}"


def _app_of(name):
    return name.split(".")[0]


def analyse(root, line_limit=LINE_LIMIT):
    """Returns (upward imports, cycles, long files) found under `root`."""
    root = Path(root)
    upward, long_files, graph = [], [], defaultdict(set)
    modules = {}
    for path in _source_files(root):
        rel = path.relative_to(root)
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > line_limit and not path.name.startswith("demo"):
            long_files.append(f"{rel}: {source.count(chr(10))} lines")
        if rel.parts[0] in NOT_CHECKED_FOR_IMPORTS:
            continue
        modules[_module_name(path, root)] = (rel, path.name == "__init__.py", source)

    def resolve(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    for module, (rel, is_package, source) in modules.items():
        app = _app_of(module)
        for line, name in _imported_names(ast.parse(source, str(rel)), module, is_package):
            target = _app_of(name)
            if target not in ORDER and target != "config":
                continue
            if app in ORDER and (target == "config" or (target in ORDER and ORDER.index(target) > ORDER.index(app))):
                upward.append(f"{rel}:{line} imports {name} ({app} -> {target})")
            resolved = resolve(name)
            # a module importing its own package (or itself) is not a cycle between modules
            if resolved and resolved != module and not module.startswith(resolved + "."):
                graph[module].add(resolved)
    return upward, _cycles(graph), long_files


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(" <-> ".join(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


@functools.cache
def _project():
    return analyse(ROOT)


def test_apps_import_only_downwards():
    upward, _cycles_found, _long = _project()
    assert upward == []


def test_no_import_cycles_between_modules():
    _upward, cycles, _long = _project()
    assert cycles == []


def test_no_source_file_over_the_line_limit():
    _upward, _cycles_found, long_files = _project()
    assert long_files == []


# The checker itself, on a small made-up project: each rule must be able to fail.

def _write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_checker_finds_upward_imports_including_lazy_and_relative_ones(tmp_path):
    _write(tmp_path, "core/__init__.py", "")
    _write(tmp_path, "core/views.py", "from config.celery import app\n")
    _write(tmp_path, "cadres/__init__.py", "")
    _write(tmp_path, "cadres/models.py", "from organizations.models import Organization\n")  # downwards: fine
    _write(tmp_path, "rules/__init__.py", "")
    _write(tmp_path, "rules/selectors.py", "def f():\n    from reports import models\n")
    _write(tmp_path, "config/__init__.py", "")
    _write(tmp_path, "config/urls.py", "import reports.urls\n")  # config may import anything
    _write(tmp_path, "tests/__init__.py", "")
    _write(tmp_path, "tests/test_x.py", "import reports.models\nimport core\n")  # tests are not checked
    upward, cycles, long_files = analyse(tmp_path)
    assert upward == [
        "core/views.py:1 imports config.celery.app (core -> config)",
        "rules/selectors.py:2 imports reports.models (rules -> reports)",
    ]
    assert cycles == [] and long_files == []


def test_checker_finds_cycles_through_lazy_and_from_package_imports(tmp_path):
    _write(tmp_path, "reports/__init__.py", "")
    _write(tmp_path, "reports/services.py", "def enqueue():\n    from . import tasks\n")
    _write(tmp_path, "reports/tasks.py", "from reports.services import enqueue\n")
    _write(tmp_path, "reports/models.py", "")
    _write(tmp_path, "reports/views.py", "from .models import X\nfrom .services import enqueue\n")
    _upward, cycles, _long = analyse(tmp_path)
    assert cycles == ["reports.services <-> reports.tasks"]


def test_checker_finds_long_files_but_spares_migrations_and_demo_data(tmp_path):
    long_text = "x = 1\n" * (LINE_LIMIT + 1)
    _write(tmp_path, "cadres/models.py", long_text)
    _write(tmp_path, "cadres/demo.py", long_text)
    _write(tmp_path, "cadres/migrations/0001_initial.py", long_text)
    _write(tmp_path, "cadres/admin.py", "x = 1\n" * LINE_LIMIT)
    _upward, _cycles_found, long_files = analyse(tmp_path)
    assert long_files == [f"cadres/models.py: {LINE_LIMIT + 1} lines"]
