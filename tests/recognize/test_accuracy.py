import io

from station.bench import accuracy


def test_the_accuracy_report_meets_its_targets():
    out = io.StringIO()
    assert accuracy.main([], out=out) == 0, out.getvalue()
    report = out.getvalue()
    assert "Addresses: addresses.csv" in report and "cn_tracking.csv" in report
    assert "MISSED" not in report and "FAIL" not in report


def test_missing_corpora_are_skipped(tmp_path):
    out = io.StringIO()
    assert accuracy.main(["--corpus", str(tmp_path), "--shared", str(tmp_path)], out=out) == 1
    assert "skipped" in out.getvalue()
