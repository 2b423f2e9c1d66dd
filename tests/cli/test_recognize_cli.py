import json

from click.testing import CliRunner

from station.cli import main


def lines(result):
    return [json.loads(line) for line in result.output.splitlines()]


def test_recognize_prints_one_object_per_text(sqlite_db):
    result = CliRunner().invoke(main, ["recognize", "--db", sqlite_db.url, "SF1234567890123",
                                       "10栋2单元301", "SH-B10-01", "12-5-301", "???"])
    assert result.exit_code == 0, result.output
    tracking, address, shelf, wrong_room, junk = lines(result)
    assert set(tracking) >= {"input", "kind", "carrier", "number", "valid", "reason"}
    assert (tracking["kind"], tracking["carrier"], tracking["valid"]) == ("tracking", "SF", True)
    assert (address["kind"], address["destination"], address["valid"]) == ("address", "10-2-301", True)
    assert shelf["kind"] == "shelf"
    assert wrong_room["valid"] is False and "no unit 5" in wrong_room["reason"]
    assert junk["kind"] == "unknown" and junk["reason"]


def test_recognize_reads_standard_input_without_a_database():
    result = CliRunner().invoke(main, ["recognize"], input="JT1234567890123\nAA123456785CN\n")
    first, second = lines(result)
    assert first["carrier"] == "JT"
    assert second["kind"] == "tracking"


def test_recognize_reads_waybill_photos(sqlite_db, tmp_path):
    from tests.scanner.test_ocr import WAYBILLS, committed

    row = committed()[0]
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not a photo")
    result = CliRunner().invoke(main, ["recognize", "--db", sqlite_db.url, "--image", str(WAYBILLS / row["file"]),
                                       "--image", str(junk)])
    assert result.exit_code == 0, result.output
    photo, damaged = lines(result)
    assert photo["destination"] == row["expected"] and photo["confidence"] >= 0.8
    assert set(photo) >= {"image", "candidates", "recipient", "ms", "reason"}
    assert damaged["image"] == str(junk) and damaged["error"]
