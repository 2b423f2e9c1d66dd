"""The project's own files: licence, build requirements, the vendored API docs."""

import re
import tomllib

from tests.support import ROOT

VENDOR = ROOT / "station" / "templates" / "static" / "vendor"


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


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def pinned(lock: str) -> dict[str, list[str]]:
    """name -> its hashes, from a pip-compile --generate-hashes file."""
    found: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=[a-z0-9])", (ROOT / lock).read_text(encoding="utf-8")):
        match = re.match(r"([a-z0-9._-]+)==\S+", block)
        if match:
            found[match[1].replace("_", "-")] = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
    return found


def test_the_lock_files_pin_every_dependency_with_hashes_and_make_installs_from_them():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, test = pinned("requirements.lock"), pinned("requirements-test.lock")
    assert requirement_names(project["dependencies"]) <= set(runtime)
    assert requirement_names(project["dependencies"] + project["optional-dependencies"]["test"]) <= set(test)
    assert all(runtime.values()) and all(test.values())
    assert {name: test[name] for name in runtime} == runtime  # the tests run what the station runs
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r $(LOCK)" in makefile and "--require-hashes -r $(TEST_LOCK)" in makefile


def test_one_http_client_library():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    everything = project["dependencies"] + project["optional-dependencies"]["test"]
    assert "httpx2" in requirement_names(everything) and "httpx" not in requirement_names(everything)
    assert "httpx" not in pinned("requirements-test.lock")
    importers = [path for folder in ("station", "scanner", "labels", "tests") for path in (ROOT / folder).rglob("*.py")
                 if re.search(r"^\s*(import httpx|from httpx)\b(?!2)", path.read_text(encoding="utf-8"), re.M)]
    assert importers == []


def test_ci_runs_the_tests_then_checks_the_installed_wheel_serves_the_pages():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "STATION_TEST_DATABASE_URL=" in ci
    assert ci.index("make test") < ci.index("scripts/check-wheel.sh")
    script = (ROOT / "scripts" / "check-wheel.sh").read_text(encoding="utf-8")
    for needed in ("-m pip wheel", "-m venv", "station\" init", "station\" serve", "/login", "/track",
                   "station.css", "gate.js", "zxing_reader.wasm"):
        assert needed in script, needed
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "templates/**/*" in package_data["package-data"]["station"]
