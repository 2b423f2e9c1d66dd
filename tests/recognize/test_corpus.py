"""The project's labelled corpora in tests/data, and that they are what their generators write."""

import pytest

from station.bench.accuracy import (
    ADDRESS_TARGET,
    address_ok,
    cn_corpus_cases,
    read_addresses,
    tracking_ok,
)
from station.recognize.core import Recogniser
from tests.data import make_addresses, make_cn_tracking
from tests.recognize.conftest import DATA

PLAIN = Recogniser()
CN_CASES = list(cn_corpus_cases(DATA / "cn_tracking.csv"))
ADDRESSES = read_addresses(DATA / "addresses.csv")


def test_the_corpora_are_big_enough_and_varied():
    valid = [c for c in CN_CASES if c.valid]
    assert len(valid) >= 100 and len(CN_CASES) - len(valid) >= 30
    assert {c.carrier for c in valid} >= {"SF", "JD", "ZTO", "YTO", "STO", "YUNDA", "EMS", "JT", "DEPPON",
                                         "CAINIAO"}
    assert len(ADDRESSES) >= 300
    assert {r["expected"] for r in ADDRESSES} >= {"AMBIGUOUS", "UNKNOWN"}
    assert len({r["form"] for r in ADDRESSES}) >= 10


@pytest.mark.parametrize("case", CN_CASES, ids=lambda c: f"{c.carrier}:{c.text.strip()}")
def test_chinese_numbers_and_near_misses(case):
    found = PLAIN(case.text, expected_carrier=case.hint)
    assert tracking_ok(case, found)[0], found.as_json()


def test_addresses_resolve_or_are_flagged(corpus_recogniser):
    wrong = [(r["text"], r["expected"], corpus_recogniser(r["text"]).as_json()) for r in ADDRESSES
             if not address_ok(r, corpus_recogniser(r["text"]))]
    assert 1 - len(wrong) / len(ADDRESSES) >= ADDRESS_TARGET, wrong


def test_typos_are_never_bent_into_a_room(corpus_recogniser):
    typos = [r for r in ADDRESSES if r["expected"] == "UNKNOWN"]
    assert len(typos) >= 50
    assert [r["text"] for r in typos if corpus_recogniser(r["text"]).destination] == []


def test_the_generators_write_exactly_the_files_kept(tmp_path):
    (tmp_path / "address_site.json").write_text((DATA / "address_site.json").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    make_addresses.main(tmp_path)
    make_cn_tracking.main(tmp_path)
    for name in ("addresses.csv", "address_roster.csv", "cn_tracking.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
