"""/track's lookups read plain rows: they answer exactly what the ORM's lookups answered (status,
where, dwell, masking, collection codes), and nothing of a parcel is kept between lookups."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy import event, select

from station.db import utcnow
from station.parcels import handling
from station.parcels.service import normalise_scan
from station.residents import lookup as parse
from station.residents.prereg import preregister
from station.residents.track import service
from station.siteconfig.cache import SiteCache
from station.siteconfig.models import SiteVersion
from station.siteconfig.service import store_site
from station.timefmt import local
from tests.residents import track_reference as before
from tests.residents.flows import act, empty_room, households, receive, site_of
from tests.support import SITE_TIMEZONE

# Yesterday at 16:00 on the compound's clock: inside the express round (14:00-21:00), so which
# parcels wait at the gate does not depend on the hour the tests run.
NOW = (local(utcnow(), SITE_TIMEZONE) - timedelta(days=1)).replace(
    hour=16, minute=0, second=0, microsecond=0).astimezone(UTC)


def _at(hours: float):
    return NOW - timedelta(hours=hours)


@pytest.fixture
def parcels(db):
    """A household's parcels in every state a resident sees, a neighbour's, one without a room,
    and numbers told in advance (one arrived since)."""
    home, other = households(db)
    site = site_of(db)
    gate = dict(actor="x", gate="main")
    room = parse.parse_room_lookup(home.destination, home.phone[-4:])
    for number in ("YT9000000000001", "SF1000000000001"):  # the second arrives below
        db.write(lambda s, number=number: preregister(
            s, site=site, tracking=parse.parse_tracking(number), room=room, category="express", now=_at(5)))
    receive(db, "SF1000000000001", home.destination, at=_at(1))
    receive(db, "SF1000000000002", home.destination, at=_at(3), disinfect=True, shelve=True)
    receive(db, "SF1000000000003", home.destination, category="valuable", at=_at(0.05), disinfect=True, shelve=True)
    receive(db, "SF1000000000004", home.destination, at=_at(30), disinfect=True, shelve=True)
    act(db, "SF1000000000004", handling.hand_out, now=_at(29), **gate)
    act(db, "SF1000000000004", handling.return_to_gate, reason="nobody_home", actor="x", now=_at(28.5))
    act(db, "SF1000000000004", handling.shelve, site=site, now=_at(28), **gate)
    receive(db, "SF1000000000005", home.destination, at=_at(50), disinfect=True, shelve=True)
    act(db, "SF1000000000005", handling.hand_out, now=_at(49), **gate)
    act(db, "SF1000000000005", handling.deliver, actor="x", now=_at(48))
    receive(db, "SF1000000000006", home.destination, category="medicine", at=_at(2))
    act(db, "SF1000000000006", handling.report_problem, site=site, note="张志愿: torn", now=_at(1.5), **gate)
    receive(db, "SF1000000000007", home.destination, at=_at(24 * 6), disinfect=True, shelve=True)
    act(db, "SF1000000000007", handling.hand_out, now=_at(24 * 6 - 1), **gate)
    act(db, "SF1000000000007", handling.deliver, actor="x", now=_at(24 * 6 - 2))  # finished too long ago
    receive(db, "JD2000000000001", other.destination, category="meal", at=_at(0.5))
    receive(db, "YT3000000000001", None, at=_at(4))
    return home, other


NUMBERS = ["SF1000000000001", "sf 1000-0000-00002", "SF1000000000003", "SF1000000000004", "sf1000000000005",
           "SF1000000000006", "SF1000000000007", "JD2000000000001", "YT3000000000001", "YT9000000000001",
           "YT9000000000009", "【顺丰】您的快件SF1000000000002已到"]


def _number(text: str) -> parse.TrackingLookup:
    asked = parse.parse_tracking(normalise_scan(text))
    assert isinstance(asked, parse.TrackingLookup)
    return asked


def test_by_number_the_same_answer_as_before(db, parcels):
    site = site_of(db)
    with db.read() as session:
        codes = [c for c, in session.execute(select(service.Parcel.code).limit(3))]
    for text in NUMBERS + codes:
        asked = _number(text)
        with db.read() as session:
            now_answer = service.track_by_number(session, site=site, lookup=asked, now=NOW)
            then_answer = before.track_by_number(session, site=site, lookup=asked, now=NOW)
        assert now_answer == then_answer, text
    with db.read() as session:
        found = {text: service.track_by_number(session, site=site, lookup=_number(text), now=NOW)
                 for text in ("SF1000000000003", "YT9000000000001", "YT9000000000009")}
    assert found["SF1000000000003"].cards[0].pickup is None and found["SF1000000000003"].cards[0].pickup_hidden
    assert found["YT9000000000001"].announced and found["YT9000000000009"].empty


def test_by_room_the_same_answer_as_before(db, parcels):
    home, other = parcels
    site = site_of(db)
    wrong = "0000" if home.phone[-4:] != "0000" else "1111"
    rooms = [(home.destination, home.phone[-4:]), (home.destination, wrong), (other.destination, other.phone[-4:]),
             ("12-5-301", "1234"), (empty_room(db), "1234")]
    answers = []
    for room, tail in rooms:
        asked = parse.parse_room_lookup(room, tail)
        with db.read() as session:
            now_answer = service.track_by_room(session, site=site, lookup=asked, now=NOW)
            then_answer = before.track_by_room(session, site=site, lookup=asked, now=NOW)
        assert now_answer == then_answer, room
        answers.append(now_answer)
    mine = answers[0]
    assert [c.tracking_number for c in mine.cards] == ["SF1000000000003", "SF1000000000001", "SF1000000000006",
                                                       "SF1000000000002", "SF1000000000004", "SF1000000000005"]
    assert [a.tracking_number for a in mine.announced] == ["YT9000000000001"]
    ready = {c.tracking_number: c for c in mine.cards if c.pickup}
    assert set(ready) == {"SF1000000000003", "SF1000000000004"}
    assert ready["SF1000000000003"].ready_from and not ready["SF1000000000004"].ready_from
    assert not answers[1].proved and answers[1].empty


def _track(client, **params):
    return client.get("/track", params={**params, "lang": "en"}, headers={"Authorization": ""}).text


def test_a_status_change_is_seen_by_the_very_next_lookup(client, db):
    home, _ = households(db)
    receive(db, "SF1234567890123", home.destination, at=_at(1))
    room = dict(room=home.destination, phone=home.phone[-4:])
    assert "waiting for disinfection" in _track(client, q="SF1234567890123")
    assert "waiting for disinfection" in _track(client, **room)
    site = client.app.state.sites.current()
    act(db, "SF1234567890123", handling.disinfect, site=site, method="alcohol", actor="x", gate="main", now=_at(0.5))
    act(db, "SF1234567890123", handling.shelve, site=site, actor="x", gate="main", now=_at(0.4))
    for page in (_track(client, q="SF1234567890123"), _track(client, **room)):
        assert "On its shelf at the gate" in page and "waiting for disinfection" not in page


def test_a_site_stored_by_another_process_is_seen_by_the_lookups(client, db):
    """The lookups keep what they derive from the site (gate names) for as long as the site cache
    hands out the same site: a newer stored version, from any process, replaces it."""
    clock = [0.0]
    client.app.state.sites = SiteCache(db, clock=lambda: clock[0])
    home, _ = households(db)
    receive(db, "SF1234567890123", home.destination, at=_at(1))
    assert "Received at 大门 Main gate" in _track(client, q="SF1234567890123")
    with db.read() as session:
        toml = session.scalars(select(SiteVersion.toml).order_by(SiteVersion.id.desc()).limit(1)).one()
    assert 'name = "大门 Main gate"' in toml
    renamed = toml.replace('name = "大门 Main gate"', 'name = "东门 East gate"')
    db.write(lambda s: store_site(s, toml=renamed, source="other.toml", actor="other", now=utcnow()))
    assert "Received at 大门 Main gate" in _track(client, q="SF1234567890123")  # not yet checked again
    clock[0] += 2
    page = _track(client, q="SF1234567890123")
    assert "Received at 东门 East gate" in page and "大门 Main gate" not in page


def test_lookups_load_no_objects_through_the_orm(db, parcels):
    home, _ = parcels
    loaded = []
    models = (service.Parcel, service.CustodyEvent, service.Household, service.PreRegistration)

    def count(target, _context):
        loaded.append(type(target).__name__)

    for model in models:
        event.listen(model, "load", count)
    try:
        site = site_of(db)
        with db.read() as session:
            service.track_by_number(session, site=site, lookup=_number("SF1000000000002"), now=NOW)
            service.track_by_number(session, site=site, lookup=_number("YT9000000000001"), now=NOW)
            answer = service.track_by_room(session, site=site, now=NOW,
                                           lookup=parse.parse_room_lookup(home.destination, home.phone[-4:]))
    finally:
        for model in models:
            event.remove(model, "load", count)
    assert len(answer.cards) == 6 and loaded == []


def test_a_number_is_recognised_only_when_not_found_as_typed(db, parcels, monkeypatch):
    recognised = []
    real = service.tracking_key
    monkeypatch.setattr(service, "tracking_key", lambda text: recognised.append(text) or real(text))
    site = site_of(db)
    with db.read() as session:
        assert service.track_by_number(session, site=site, lookup=_number("SF1000000000002"), now=NOW).cards
        assert recognised == []
        assert service.track_by_number(session, site=site, lookup=_number("YT9000000000001"), now=NOW).announced
        assert recognised == ["YT9000000000001"]
