"""Group messages give times on the site's clock: an item at the gate still in its dwell says when it is ready."""

from datetime import timedelta

from station.notify import service as facts
from station.notify.digest import compose_digest
from tests.notify.helpers import local_time, shelve, use_site

TEN = local_time(10)  # 10:00 in the compound, 02:00 UTC


def digest(db, site, lang: str) -> str:
    with db.read() as session:
        known = facts.building_facts(session, site=site, buildings=["10"], now=TEN)
    return compose_digest(site, [known["10"]], scope="10", at="10:00", lang=lang, show_pickup_codes=False).body


def test_a_digest_says_when_gate_items_still_in_their_dwell_are_ready_in_site_time(db):
    site = use_site(db, "")
    assert site.timezone == "Asia/Shanghai"
    shelve(db, site, "JD0000000000104", "10-2-301", "valuable", at=TEN - timedelta(minutes=2))
    shelve(db, site, "JD0000000000105", "10-2-301", "valuable", at=TEN - timedelta(minutes=30))
    chinese, english = digest(db, site, "zh"), digest(db, site, "en")
    assert chinese.splitlines() == ["请到大门自取：贵重 2 件（凭领取码）", "其中 1 件仍在消杀静置，10:03 起可取"]
    assert "1 of them are still in their disinfection dwell: ready from 10:03" in english
    utc = f"{TEN + timedelta(minutes=3):%H:%M}"
    assert utc == "02:03" and utc not in chinese + english
