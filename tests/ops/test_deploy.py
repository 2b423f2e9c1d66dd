"""The systemd units in deploy/: valid for systemd, and running what the README says."""

import shutil
import subprocess

import pytest

from tests.support import ROOT

DEPLOY = ROOT / "deploy"
UNITS = ["station.service", "station-notify.service", "station-backup.service", "station-backup.timer"]
INSTALLED = "/opt/station/venv/bin/"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verifies_every_unit(tmp_path):
    # verify wants every command to exist: the station installed at /opt/station is a stub here.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "station").write_text("#!/bin/sh\n")
    (bin_dir / "station").chmod(0o755)
    for unit in UNITS:
        text = (DEPLOY / unit).read_text(encoding="utf-8")
        (tmp_path / unit).write_text(text.replace(INSTALLED, f"{bin_dir}/"), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", *[str(tmp_path / unit) for unit in UNITS]],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "station" not in done.stderr, done.stderr  # no warning about our units either


def test_the_units_run_the_station_commands_and_keep_fourteen_backups():
    text = {unit: (DEPLOY / unit).read_text(encoding="utf-8") for unit in UNITS}
    assert f"ExecStart={INSTALLED}station serve" in text["station.service"]
    assert f"ExecStart={INSTALLED}station notify-worker" in text["station-notify.service"]
    assert f"{INSTALLED}station backup" in text["station-backup.service"]
    assert "tail -n +15" in text["station-backup.service"]
    assert "OnCalendar=" in text["station-backup.timer"] and "Persistent=true" in text["station-backup.timer"]
    for unit in UNITS[:3]:
        assert "User=station" in text[unit] and "EnvironmentFile=-/etc/station/station.env" in text[unit]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for unit in UNITS:
        assert f"deploy/{unit}" in readme
