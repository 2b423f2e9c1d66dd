"""Settings: one validated model, read from the environment at start, every variable documented."""

import re

import pytest
from click.testing import CliRunner

from station.cli import main
from station.config import Settings, SettingsError, env_name
from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def documented() -> set[str]:
    """Each variable in a table's first column; `STATION_CHANNEL_<CODE>_SECRET` documents its prefix."""
    rows = re.findall(r"^\| (`STATION_.*?) \|", README, re.M)
    return {name for row in rows for name in re.findall(r"`(STATION_[A-Z_]+)", row)}


def test_every_setting_is_in_the_readme_table():
    assert {env_name(field) for field in Settings.model_fields} - documented() == set()


def test_every_station_variable_the_code_reads_is_in_the_readme():
    read = {name for folder in ("station", "scanner", "labels", "tests")
            for path in (ROOT / folder).rglob("*.py")
            for name in re.findall(r"STATION_[A-Z_]+", path.read_text(encoding="utf-8"))
            if not path.name.startswith("test_")}
    assert read - documented() == set()


def test_variables_are_parsed_and_validated(monkeypatch):
    monkeypatch.setenv("STATION_SECURE_COOKIES", "true")
    monkeypatch.setenv("STATION_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2")
    monkeypatch.setenv("STATION_LABEL_DPI", "300")
    monkeypatch.setenv("STATION_PRINTER", "")
    settings = Settings.from_env(database_url="sqlite:///x.db")
    assert settings.secure_cookies is True and settings.label_dpi == 300 and settings.printer is None
    assert settings.trusted_proxies == ("10.0.0.1", "10.0.0.2")
    assert settings.database_url == "sqlite:///x.db"


@pytest.mark.parametrize(("name", "value", "said"), [
    ("STATION_LABEL_DPI", "200dpi", "STATION_LABEL_DPI=200dpi: Input should be a valid integer"),
    ("STATION_LABEL_DPI", "200", "STATION_LABEL_DPI=200: labels are printed at 203 or 300 dpi"),
    ("STATION_LABEL_SIZE", "70x50", "STATION_LABEL_SIZE=70x50: unknown label size '70x50'"),
    ("STATION_SECURE_COOKIES", "maybe", "STATION_SECURE_COOKIES=maybe: Input should be a valid boolean"),
    ("STATION_TRACK_LOOKUPS", "0", "STATION_TRACK_LOOKUPS=0: Input should be greater than or equal to 1"),
])
def test_a_bad_value_is_refused_naming_the_variable(monkeypatch, name, value, said):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as refused:
        Settings.from_env()
    assert str(refused.value).startswith(said)


def test_station_serve_refuses_to_start_on_a_bad_setting(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", f"sqlite:///{tmp_path / 's.db'}"],
                                env={"STATION_LABEL_SIZE": "A5"})
    assert result.exit_code == 1
    assert "STATION_LABEL_SIZE=A5: unknown label size" in result.output


def test_settings_built_in_code_take_no_value_from_the_environment(monkeypatch):
    monkeypatch.setenv("STATION_PRINTER", "zebra")
    assert Settings(database_url="sqlite:///x.db").printer is None
    with pytest.raises(ValueError):
        Settings(label_size="A5")
    with pytest.raises(ValueError):
        Settings(no_such_setting=1)
