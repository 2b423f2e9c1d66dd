"""The package stands alone, and the benchmark command runs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import labels
from labels import bench

PACKAGE = Path(labels.__file__).parent


def test_labels_imports_nothing_from_station_or_scanner() -> None:
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"station", "scanner"}, (path.name, name)


def test_layout_module_is_pure() -> None:
    tree = ast.parse((PACKAGE / "layout.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "math", "re", "collections.abc", "dataclasses", "typing",
                        "labels.model"}


def test_public_api() -> None:
    for name in labels.__all__:
        assert hasattr(labels, name), name


@pytest.mark.usefixtures("cjk_font")
def test_bench_runs_and_names_the_machine(capsys: pytest.CaptureFixture[str]) -> None:
    bench.main(["--runs", "2", "--sheet-labels", "3", "--floor-lines", "5"])
    out = capsys.readouterr().out
    assert out.startswith("machine: ")
    assert "png label   60x40 @ 203 dpi" in out and "zpl label" in out
    assert "3-label PDF" in out and "5-line floor list PDF" in out


def test_bench_parcel_codes_are_crockford() -> None:
    codes = {bench.parcel_code(n) for n in range(1000)}
    assert len(codes) == 1000
    assert all(len(c) == 9 and c[0] == "P" and not set(c[1:]) & set("ILOU") for c in codes)
