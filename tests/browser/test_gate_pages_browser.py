"""The disinfection, shelves and exception-queue pages in Chromium, driven like the gate drives them.

Each test prepares the database through the services, runs its browser steps with `drive`
(see conftest.py) and checks the database afterwards.
"""

from datetime import timedelta

from sqlalchemy import select

from station.custody.service import events_of
from station.db import utcnow
from station.gate.shelves.rules import is_overdue
from station.parcels.models import Parcel
from station.siteconfig.service import current_site
from tests.browser.conftest import screenshot, sign_in
from tests.parcels.helpers import intake
from tests.support import earlier_today



def scan(page, text):
    """Type like a USB scanner: fast keys, then Enter, into whatever has the focus."""
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def take_in(db, tracking, destination="10-2-301", category="express", at=None):
    return intake(db, tracking, destination, category, now=at or utcnow())[0]


def parcel(db, key):
    with db.read() as session:
        row = session.scalars(select(Parcel).where(Parcel.code == key)).one()
        return row, [e.type for e in events_of(session, row)]


def test_a_batch_scanned_like_a_usb_scanner_is_disinfected_and_shelved(drive, live_server):
    db = live_server.db
    codes = [take_in(db, "SF1000000000001"), take_in(db, "SF1000000000002", "3-1-101", "meal"),
             take_in(db, "SF1000000000003", "10-2-302", "medicine")]

    def steps(page):
        sign_in(page, "disinfect1", next_path="/disinfect")
        assert page.evaluate("document.activeElement.id") == "scan"  # ready for the scanner at once
        for tracking in ("SF1000000000001", "sf1000000000002", "SF1000000000003", "NOT-A-PARCEL",
                         "SF1000000000001"):
            scan(page, tracking)
        page.wait_for_selector('#batch-list tr[data-key="SF1000000000003"].ready')
        page.wait_for_selector('#batch-list tr[data-key="NOT-A-PARCEL"].flagged')
        assert page.locator("#batch-list tr").count() == 4  # the repeated scan is not added twice
        meal = page.locator('#batch-list tr[data-key="SF1000000000002"] td')
        assert (meal.nth(1).inner_text(), meal.nth(2).inner_text()) == ("3-1-101", "盒饭")
        assert page.locator('#batch-list tr[data-key="NOT-A-PARCEL"]').inner_text().count("未知单号") == 1
        assert page.locator("#batch-status").inner_text().endswith("已在清单中")
        assert page.evaluate("document.activeElement.id") == "scan"
        screenshot(page, "disinfect-zh")

        page.keyboard.press("Control+Enter")  # keyboard only: record the batch with the chosen method
        page.wait_for_selector(".outcome")
        assert "已消杀并上架：3" in page.locator(".outcome").inner_text()
        assert "NOT-A-PARCEL" in page.locator(".outcome .refused").inner_text()
        assert page.locator("#dwell-list tr").count() == 3
        assert "B10-01-001" in page.locator("#dwell-list").inner_text()
        screenshot(page, "disinfect-done-zh")

    drive(steps)
    for code in codes:
        row, events = parcel(db, code)
        assert (row.status, events) == ("shelved", ["received", "disinfected", "shelved"])


def test_the_disinfection_page_in_english_adds_items_received_since_a_time(drive, live_server):
    db = live_server.db
    first = take_in(db, "SF1000000000001", at=earlier_today(20))
    take_in(db, "SF1000000000002", "3-1-101", "fresh", at=earlier_today(10))

    def steps(page):
        sign_in(page, "disinfect1", next_path="/disinfect")
        page.goto("/disinfect?lang=en")
        scan(page, "SF1000000000002")
        page.wait_for_selector('#batch-list tr[data-key="SF1000000000002"].ready')
        page.fill("#since-form input[name=since]", "00:00")
        page.click("#since-form button[type=submit]")
        page.wait_for_selector(f'#batch-list tr[data-key="{first}"]')
        assert page.locator("#batch-list tr").count() == 2  # the item already scanned is not added again
        assert page.locator("#batch-count").inner_text() == "Items in the batch: 2"
        page.check("input[name=method][value=chlorine]")
        assert page.evaluate("document.activeElement.id") == "scan"
        screenshot(page, "disinfect-en")
        page.click("button.primary")
        page.wait_for_selector(".outcome")
        assert "Disinfected and shelved: 2" in page.locator(".outcome").inner_text()

    drive(steps)
    row, events = parcel(db, first)
    assert events == ["received", "disinfected", "shelved"]
    assert row.dwell_until > utcnow() + timedelta(minutes=13)  # chlorine: 15 minutes


def test_without_scripts_the_batch_form_still_records(drive, live_server):
    db = live_server.db
    first = take_in(db, "SF4000000000001")
    second = take_in(db, "SF4000000000002", "3-1-101")

    def steps(page):
        sign_in(page, "disinfect1", next_path="/disinfect")
        assert page.locator("#scan").is_hidden() and page.locator("#codes").is_visible()
        page.fill("#codes", "SF4000000000001\nSF4000000000002\nNOPE")
        page.check("input[name=method][value=chlorine]")
        page.click("button.primary")
        page.wait_for_selector(".outcome")
        assert "已消杀并上架：2" in page.locator(".outcome").inner_text()
        assert "NOPE" in page.locator(".outcome .refused").inner_text()
        screenshot(page, "disinfect-nojs-zh")

    drive(steps, java_script_enabled=False)
    for code in (first, second):
        row, events = parcel(db, code)
        assert events == ["received", "disinfected", "shelved"]
        assert row.dwell_until > utcnow() + timedelta(minutes=13)


def test_the_shelf_map_shows_occupancy_after_intakes(drive, live_server):
    db = live_server.db
    for n, room in enumerate(("301", "302", "401")):
        take_in(db, f"SF200000000000{n}", f"10-2-{room}")
    take_in(db, "SF2000000000010", "10-1-101", at=utcnow() - timedelta(hours=26))  # yesterday: stayed overnight
    take_in(db, "SF2000000000020", "10-2-301", "medicine")
    take_in(db, "SF2000000000030", "3-1-101", "meal")
    take_in(db, "SF2000000000040", "5-1-101", "fresh")
    take_in(db, "SF2000000000050", None)
    with db.read() as session:  # what the map must show
        on_b10 = session.scalars(select(Parcel.received_at).where(Parcel.zone == "B10", Parcel.slot.is_not(None))).all()
        site = current_site(session)
    assert len(on_b10) == 4
    # Yesterday's item is overdue; today's are too once the last delivery window has ended.
    overdue = sum(is_overdue(received, site.categories["express"].windows, utcnow(), site.timezone)
                  for received in on_b10)
    assert overdue in (1, 4)

    def steps(page):
        sign_in(page, "runner1", next_path="/shelves")
        b10 = page.locator('a[href="/shelves/SH-B10-01"]')
        assert b10.locator(".shelf-count").inner_text() == "4/30"
        assert b10.locator(".badge.overdue").inner_text() == f"超时 {overdue}"
        assert page.locator('a[href="/shelves/SH-MED-01"] .shelf-count').inner_text() == "1/40"
        assert page.locator('a[href="/shelves/SH-FRESH-02"] .shelf-label').inner_text() == "G2"
        assert page.locator(".summary .stat .num").first.inner_text() == "8"
        screenshot(page, "shelves-zh")
        b10.click()
        page.wait_for_url("**/shelves/SH-B10-01")
        rows = page.locator("table.items tbody tr")
        assert rows.count() == 4
        assert page.locator("table.items tr.overdue").count() == overdue
        assert "B10-01-001" in rows.first.inner_text() and "10-2-301" in rows.first.inner_text()
        screenshot(page, "shelf-zh")
        page.goto("/shelves?lang=en")
        assert page.locator("h1").inner_text() == "Shelf map"
        screenshot(page, "shelves-en")
        page.fill("#goto-shelf", "sh-unres-01")  # a scanned shelf sign opens the shelf
        page.keyboard.press("Enter")
        page.wait_for_url("**/shelves/SH-UNRES-01")
        assert page.locator("table.items tbody tr").count() == 1

    drive(steps)


def test_a_coordinator_resolves_an_unresolved_item_into_its_building_zone(drive, live_server):
    db = live_server.db
    code = take_in(db, "SF3000000000001", None, at=utcnow() - timedelta(minutes=35))
    chosen: list[str] = []

    def steps(page):
        sign_in(page, "lead", next_path="/gate/unresolved")
        row = page.locator(f"#item-{code}")
        assert "UNRES-01-001" in row.inner_text()
        assert page.evaluate("document.activeElement.name") == "destination"
        page.keyboard.type("10-301", delay=20)
        page.wait_for_selector(f"#cand-{code} .candidates li")
        candidates = page.locator(f"#cand-{code} .candidates li")
        assert candidates.count() >= 2  # room 301 in more than one unit
        assert "****" in candidates.first.inner_text()  # masked phones only
        chosen.append(candidates.first.locator("button").inner_text())
        screenshot(page, "unresolved-zh")
        page.keyboard.press("Tab")  # the "sort it" button
        page.keyboard.press("Tab")  # the first roster room
        page.keyboard.press("Enter")
        page.wait_for_url("**/gate/unresolved?moved=*")
        assert "B10-01-001" in page.locator("p.ok").inner_text()
        assert page.locator(f"#item-{code}").count() == 0

    drive(steps)
    assert chosen[0].startswith("10-") and chosen[0].endswith("-301")
    moved, events = parcel(db, code)
    assert (moved.zone, moved.pickup_code, moved.destination) == ("B10", "B10-01-001", chosen[0])
    assert events == ["received", "moved"]


def test_a_gate_volunteer_sees_the_queue_without_the_resolve_form(drive, live_server):
    take_in(live_server.db, "SF3000000000001", None)

    def steps(page):
        sign_in(page, "gate1", next_path="/gate/unresolved")
        assert "UNRES-01-001" in page.locator("table.unresolved").inner_text()
        assert page.locator("form.resolve").count() == 0
        page.goto("/gate/unresolved?lang=en")
        assert page.locator("h1").inner_text().startswith("Unresolved items")
        screenshot(page, "unresolved-en")

    drive(steps)
