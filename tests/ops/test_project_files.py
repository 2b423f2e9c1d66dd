"""The project's own files: licence, build requirements, the vendored API docs."""

import re
import tomllib

from tests.support import ROOT

VENDOR = ROOT / "templates" / "static" / "vendor"


def test_the_licence_is_mit_and_setuptools_can_build_its_expression():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    floor = next(r for r in project["build-system"]["requires"] if r.startswith("setuptools"))
    assert int(re.search(r">=(\d+)", floor).group(1)) >= 77  # the first to take a licence expression


def test_swagger_ui_is_vendored_with_its_licence_and_source():
    folder = VENDOR / "swagger-ui"
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "SOURCE"} <= {p.name for p in folder.iterdir()}
    assert "from the npm registry" in (folder / "SOURCE").read_text(encoding="utf-8")
    assert "sourceMappingURL" not in (folder / "swagger-ui-bundle.js").read_text(encoding="utf-8")[-500:]


def test_station_version_names_the_installed_release():
    from importlib.metadata import version

    from click.testing import CliRunner

    from station.cli import main

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"station, version {version('receiving-station')}\n"
