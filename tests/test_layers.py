"""The house shows its flow: compiler/ is one package per stage, and imports only go down
the flow (load → read → detect → typeset → render → write, then run and the CLI above
them, the tree, errors and options below them all), with no cycle anywhere.

Imports are read from the source (every `import` and `from … import`, in functions too,
and those only for type checkers), so a lazy import cannot hide a back-edge.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "compiler"

# Lower numbers are further down the flow; a module may import its own layer or lower.
LAYERS = {
    "compiler": 0,
    "compiler.model": 0,
    "compiler.errors": 0,
    "compiler.options": 0,
    "compiler.faces": 0,
    "compiler.load": 1,
    "compiler.read": 2,
    "compiler.detect": 3,
    "compiler.typeset": 4,
    "compiler.render": 5,
    "compiler.write": 6,
    "compiler.run": 7,
    "compiler.cli": 8,
    "compiler.__main__": 9,
}
STAGES = ("load", "read", "detect", "typeset", "render", "write", "run", "cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
PACKAGES = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
# Stages whose __init__ is a face: the names the stage offers, loaded on first use.
FACES = {name for name in PACKAGES if "face(" in MODULES[name].read_text(encoding="utf-8")}


def layer(module: str) -> int:
    while module not in LAYERS:
        module = module.rpartition(".")[0]
    return LAYERS[module]


def imports(module: str) -> list[tuple[str, int]]:
    """The compiler modules `module` imports, with the line of each import."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.split(".")[0] == "compiler"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "compiler":
                continue
            for alias in node.names:
                # `from compiler.cli import build` names a module; `from compiler.x import y` a name in x.
                candidate = f"{base}.{alias.name}"
                found.append((candidate if candidate in MODULES else base, node.lineno))
    return found


EDGES = {module: imports(module) for module in MODULES}


def test_there_is_one_package_per_stage():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), f"compiler/{stage}/ is not a package"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and doc.split("\n")[0].strip(), f"compiler/{stage}/__init__.py names no stage in its docstring"
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "errors.py", "faces.py", "model.py", "options.py"], loose


def back_edges(edges: dict[str, list[tuple[str, int]]]) -> list[str]:
    return [
        f"{module}:{line} imports {target}, a later stage than its own"
        for module, targets in edges.items()
        for target, line in targets
        if layer(target) > layer(module)
    ]


def find_cycle(edges: dict[str, list[tuple[str, int]]]) -> list[str]:
    """One import cycle (its modules in order, the first again at the end), or []."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target, _ in edges.get(module, ()):
            if target == module or target not in edges:
                continue
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return []

    for module in sorted(edges):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_every_import_names_a_module_of_compiler():
    unknown = [f"{m}:{line} {t}" for m, targets in EDGES.items() for t, line in targets if t not in MODULES]
    assert not unknown, unknown


def test_imports_only_go_down_the_flow():
    assert back_edges(EDGES) == []


def test_no_import_cycles():
    assert find_cycle(EDGES) == [], " → ".join(find_cycle(EDGES))


def test_the_checks_see_what_they_look_for():
    """Not vacuous: a render module importing the run layer is a back-edge, two modules
    importing each other a cycle, and the real graph has the edges it should."""
    assert back_edges({"compiler.render.xhtml": [("compiler.run.build", 3)]}) == [
        "compiler.render.xhtml:3 imports compiler.run.build, a later stage than its own"
    ]
    assert back_edges({"compiler.run.build": [("compiler.render.xhtml", 3)]}) == []
    cycle = {"compiler.write.pdf": [("compiler.write.pdf_parallel", 5)], "compiler.write.pdf_parallel": [("compiler.write.pdf", 9)]}
    assert find_cycle(cycle) == ["compiler.write.pdf", "compiler.write.pdf_parallel", "compiler.write.pdf"]
    assert "compiler.detect.kinds" in [target for target, _ in EDGES["compiler.detect.lines"]]
    assert "compiler.write.pdf_parallel" in [target for target, _ in EDGES["compiler.write.pdf"]]  # a lazy import


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_inside_import_modules_not_faces(module):
    """A stage's face (its __init__) is for readers and users; inside compiler/, imports
    name the module that defines what they take, so the import graph is the real one."""
    if module in FACES:
        return
    for target, line in EDGES[module]:
        assert target not in FACES, f"{module}:{line} imports the face of {target}"


def test_every_stage_but_the_cli_has_a_face():
    assert FACES == {f"compiler.{stage}" for stage in STAGES if stage != "cli"}


@pytest.mark.parametrize("package", sorted(FACES))
def test_every_name_a_face_offers_is_there(package):
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package} offers {name}, which its module does not define"


def test_no_module_is_too_long_to_read():
    long = {
        str(path.relative_to(ROOT)): n
        for path in MODULES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 420
    }
    assert not long, long
