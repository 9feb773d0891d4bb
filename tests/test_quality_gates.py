"""No import cycle between the parts of the house (issue 17): the import graph of mohpromt_ca,
mohpromt_plugins and mohpromt_verifier, every module collapsed to its second-level package
(``mohpromt_ca.service``, ``mohpromt_plugins.booking``, ``mohpromt_verifier.formats``...), has no
strongly connected component of more than one part. Imports inside functions count (they are
dependencies all the same); ``if TYPE_CHECKING:`` imports do not (as in import-linter's config).

The arrow counts are printed (``pytest -s``), for the closing note's before/after table.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import grimp
import pytest

PACKAGES = ("mohpromt_ca", "mohpromt_plugins", "mohpromt_verifier")


def part_of(module: str) -> str:
    """``mohpromt_ca.service.web.core`` -> ``mohpromt_ca.service``; a top package stays itself."""
    return ".".join(module.split(".")[:2])


@pytest.fixture(scope="module")
def arrows() -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], list[str]]]:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            edge = (part_of(importer), part_of(imported))
            if edge[0] == edge[1] or imported.split(".")[0] not in PACKAGES:
                continue
            counts[edge] += 1
            if len(examples[edge]) < 3:
                examples[edge].append(f"{importer} -> {imported}")
    return counts, examples


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    succ: dict[str, list[str]] = defaultdict(list)
    nodes: set[str] = set()
    for a, b in edges:
        succ[a].append(b)
        nodes |= {a, b}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(succ[root])))]
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
                    work.append((child, iter(sorted(succ[child]))))
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


def test_cycle_finder_finds_cycles_and_only_cycles() -> None:
    assert cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")}) == [["a", "b", "c"]]
    assert cycles({("a", "b"), ("b", "c")}) == []
    assert sorted(cycles({("a", "b"), ("b", "a"), ("x", "y"), ("y", "x"), ("b", "x")})) == [["a", "b"], ["x", "y"]]


def test_no_import_cycle_between_parts(arrows) -> None:  # type: ignore[no-untyped-def]
    counts, examples = arrows
    parts = sorted({p for edge in counts for p in edge})
    assert "mohpromt_ca.service" in parts and "mohpromt_verifier.formats" in parts  # the graph was built
    print(f"\nimport graph: {len(parts)} parts, {len(counts)} arrows between parts, "
          f"{sum(counts.values())} module imports across parts")
    for (a, b), n in sorted(counts.items()):
        print(f"  {a} -> {b}: {n}")
    found = cycles(set(counts))
    print(f"cycles: {len(found)}")
    report = []
    for component in found:
        members = set(component)
        report.append(" <-> ".join(component))
        for edge in sorted(e for e in counts if e[0] in members and e[1] in members):
            report.append(f"    {edge[0]} -> {edge[1]} ({counts[edge]}): {'; '.join(examples[edge])}")
    print("\n".join(report))
    assert not found, "import cycles between parts:\n" + "\n".join(report)


def test_the_verifier_imports_nothing_of_the_ca(arrows) -> None:  # type: ignore[no-untyped-def]
    counts, examples = arrows
    wrong = {edge: examples[edge] for edge in counts
             if edge[0].startswith("mohpromt_verifier") and not edge[1].startswith("mohpromt_verifier")}
    assert not wrong


def test_no_import_cycle_between_modules() -> None:
    """No cycle anywhere, module by module (a package's ``__init__`` counts as a module)."""
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    edges = {(importer, imported) for importer in graph.modules
             for imported in graph.find_modules_directly_imported_by(importer)
             if imported.split(".")[0] in PACKAGES and imported != importer}
    found = cycles(edges)
    assert not found, "module import cycles:\n" + "\n".join(" -> ".join(c) for c in found)
