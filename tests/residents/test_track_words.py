"""/track says one thing about an item in its disinfection dwell, on the site's clock, as its label does."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from station.db import utcnow
from station.parcels import handling
from station.residents.track.service import ParcelCard
from station.residents.windows import GATE, Expected
from station.timefmt import local
from station.web.i18n import current_locale
from station.web.pages import environment
from tests.residents.flows import act, households, receive, site_of
from tests.support import SITE_TIMEZONE


def track(client, **params):
    return client.get("/track", params=params, headers={"Authorization": ""})


def test_a_dwell_end_is_the_site_time_on_both_lookups_and_on_the_label(client, db):
    site = site_of(db)
    assert site.timezone == SITE_TIMEZONE
    household, _ = households(db)
    code = receive(db, "SF3333333333333", household.destination)
    now = utcnow()
    act(db, code, handling.disinfect, site=site, method="alcohol", actor="张志愿", gate="main", now=now)
    act(db, code, handling.shelve, site=site, actor="张志愿", gate="main", now=now)
    dwell_end = now + timedelta(minutes=site.disinfection["alcohol"].dwell_minutes)
    there, utc = f"{local(dwell_end, SITE_TIMEZONE):%H:%M}", f"{dwell_end:%H:%M}"
    assert there != utc  # Shanghai is eight hours from UTC

    by_number = track(client, q="SF3333333333333", lang="en").text
    by_room = track(client, room=household.destination, phone=household.phone[-4:], lang="en").text
    for page in (by_number, by_room):
        assert f"Ready from {there}, after disinfection." in page
        assert "Ready to collect at the gate." not in page and utc not in page
    assert f"消杀后 {there} 起可取" in track(client, q="SF3333333333333", lang="zh_CN").text

    label = client.get(f"/gate/labels/{code}.pdf")
    words = PdfReader(io.BytesIO(label.content)).pages[0].extract_text()
    assert there in words and utc not in words


def card(ready_from: str | None) -> ParcelCard:
    return ParcelCard(code="P0000000A", tracking_number="SF4444444444444", category="express",
                      status="shelved", destination="", name="", phone="", steps=(),
                      expected=Expected(GATE), pickup=None, pickup_hidden=True, unresolved=False,
                      ready_from=ready_from)


def rendered(small_site, locale: str, ready_from: str | None) -> str:
    token = current_locale.set(locale)
    try:
        module = environment().get_template("residents/_parcel.html").make_module(
            {"site": small_site, "locale": locale})
        return str(module.parcel_card(card(ready_from)))
    finally:
        current_locale.reset(token)


@pytest.mark.parametrize(("locale", "ready", "gate_words"), [
    ("zh_CN", "消杀后 22:20 起可取", ("请到门口自取", "可到门口自取")),
    ("en", "Ready from 22:20, after disinfection.", ("collect it at the gate", "Ready to collect at the gate")),
])
def test_an_item_in_its_dwell_says_when_it_is_ready_not_collect_it_now(small_site, locale, ready, gate_words):
    dwelling = rendered(small_site, locale, "22:20")
    assert ready in dwelling
    assert not any(words in dwelling for words in gate_words)
    ready_now = rendered(small_site, locale, None)
    assert all(words in ready_now for words in gate_words) and ready not in ready_now
