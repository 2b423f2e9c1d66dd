import sqlite3

from click.testing import CliRunner

from station.cli import main
from tests.support import copy_demo
from tests.parcels.helpers import count_parcels, intake


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_init_loads_a_demo_and_says_the_roster_is_made_up(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    result = run("init", "--demo", "small", "--db", url)
    assert result.exit_code == 0, result.output
    assert "20 buildings in 5 grids" in result.output
    assert "DEMO roster (made-up names and phones)" in result.output
    again = run("init", "--demo", "small", "--db", url, "--if-empty")
    assert "already loaded" in again.output
    assert run("check", "--db", url).exit_code == 0


def test_a_bad_site_file_is_refused_with_its_key(tmp_path):
    site = copy_demo(tmp_path)
    site.write_text(site.read_text(encoding="utf-8").replace("slots = 30", "slots = -3"), encoding="utf-8")
    result = run("init", "--site", site, "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.exit_code == 1
    assert "small.toml: shelving.slots: expected a whole number from 1 to 999, got -3" in result.output


def test_import_roster_reports_rejected_rows_and_is_idempotent(tmp_path, sqlite_db):
    roster = tmp_path / "roster.csv"
    roster.write_text("楼栋,单元,房号,姓名,电话,关怀\n"
                      "10,2,301,王芳,13812341234,独居老人\n"
                      "12,5,301,李四,13900001111,\n"
                      "3,1,101,赵六,not-a-phone,\n", encoding="utf-8-sig")
    first = run("import-roster", roster, "--db", sqlite_db.url)
    assert first.exit_code == 0, first.output
    assert "0 added, 1 updated" in first.output
    assert "row 3: building 12 has no unit 5" in first.output
    assert "row 4: phone 'not-a-phone'" in first.output
    second = run("import-roster", roster, "--db", sqlite_db.url)
    assert "0 added, 0 updated, 1 unchanged, 2 rejected" in second.output


def test_import_roster_reads_xlsx(tmp_path, sqlite_db):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["building", "unit", "room", "name", "phone", "care"])
    book.active.append([10, 2, 301, "Wang Fang", 13812341234, "pregnant"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    result = run("import-roster", path, "--db", sqlite_db.url)
    assert "1 updated" in result.output, result.output


def test_backup_while_writing_restores_to_a_database_that_checks(tmp_path, sqlite_db):
    for n in range(20):
        intake(sqlite_db, f"SF10000000000{n:02d}")
    backup_file = tmp_path / "backup.db"
    assert run("backup", "--db", sqlite_db.url, backup_file).exit_code == 0
    intake(sqlite_db, "SF2000000000000")  # written after the backup
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    result = run("restore", "--db", target, backup_file)
    assert result.exit_code == 0, result.output
    assert run("check", "--db", target).exit_code == 0
    connection = sqlite3.connect(tmp_path / "restored.db")
    assert connection.execute("SELECT count(*) FROM parcels").fetchone()[0] == 20
    connection.close()
    assert count_parcels(sqlite_db) == 21


def test_restore_refuses_a_damaged_backup(tmp_path, sqlite_db):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    result = run("restore", "--db", sqlite_db.url, damaged)
    assert result.exit_code == 1
    assert count_parcels(sqlite_db) == 0


def test_init_keeps_channel_secrets_in_the_secrets_file(tmp_path):
    site = copy_demo(tmp_path)
    site.write_text(site.read_text(encoding="utf-8") + '\n[[channels]]\ncode = "lead"\nkind = "webhook"\n'
                    'role = "coordinator"\nurl = "https://hooks.example.org/in"\nsecret = "hmac-key"\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 's.db'}"
    result = run("init", "--site", site, "--db", url, "--key", tmp_path / "custody.key",
                 "--secrets-file", tmp_path / "secrets.env")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "secrets.env").read_text() == "STATION_CHANNEL_LEAD_SECRET=hmac-key\n"
    stored = sqlite3.connect(tmp_path / "s.db").execute("SELECT toml FROM site_versions").fetchone()[0]
    assert "hmac-key" not in stored and "${STATION_CHANNEL_LEAD_SECRET}" in stored
