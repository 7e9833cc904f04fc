"""The rooms of the code and their order: a lower room never imports a higher one (not even for type hints,
not even inside a function). The leaf packages import nothing from ``assistant``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ROOMS = [  # lowest first; a module may import its own room and the ones before it
    (
        "settings and plumbing",
        (
            "assistant.config",
            "assistant.offline",
            "assistant.logs",
            "assistant.limits",
            "assistant.memory",
            "assistant.metrics",  # what the on-call reads; each room counts its own
            "assistant.batching",  # the model calls of concurrent turns made as one
            "assistant.exports",  # names a package imports when first used
        ),
    ),
    ("demo shop", ("assistant.demo",)),  # the demo's catalog, policies and pictures, served by the web edge
    ("records", ("assistant.records",)),
    ("orders", ("assistant.orders",)),  # the shop's orders, through a port with adapters (a turn looks them up)
    ("turn", ("assistant.turn",)),
    ("staff", ("assistant.staff",)),
    ("compliance", ("assistant.compliance",)),
    ("runtime", ("assistant.runtime", "assistant.model_process")),  # the models' process is started by the runtime
    ("web", ("assistant.web",)),
    ("command line", ("assistant.cli",)),
]
LEAVES = ("retrieval", "guardrails", "escalation")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def rank(module: str) -> int | None:
    for position, (_, prefixes) in enumerate(ROOMS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return position
    return None


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, wherever the import statement is."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def test_every_assistant_module_is_in_a_room() -> None:
    homeless = [
        module_name(p) for p in sources("assistant") if module_name(p) != "assistant" and rank(module_name(p)) is None
    ]
    assert homeless == []


@pytest.mark.parametrize("path", sources("assistant"), ids=lambda p: module_name(p))
def test_no_room_imports_a_higher_one(path: Path) -> None:
    own = rank(module_name(path))
    if own is None:
        return  # the package's own __init__
    higher = sorted(name for name in imported(path) if (other := rank(name)) is not None and other > own)
    assert higher == [], f"{module_name(path)} ({ROOMS[own][0]}) imports from a higher room: {higher}"


@pytest.mark.parametrize("package", LEAVES)
def test_leaf_packages_import_nothing_from_assistant(package: str) -> None:
    offenders = {
        module_name(path): sorted(n for n in imported(path) if n == "assistant" or n.startswith("assistant."))
        for path in sources(package)
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_rule_is_checked_on_a_bad_import(tmp_path: Path) -> None:
    """The walk sees an import hidden in a function, as a lower room importing a higher one would write it."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from assistant.web.app import create_app\n    return create_app\n")
    assert "assistant.web.app" in imported(bad)
    assert rank("assistant.web.app") > rank("assistant.turn.chat")  # type: ignore[operator]
