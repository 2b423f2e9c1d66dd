"""The coordinator's dashboard and audit trail in Chromium, after `demo-day` played yesterday."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from station.custody.models import CustodyEvent
from station.dashboard.days import Day, today
from station.demo.day import play_day
from station.db import utcnow
from station.parcels.models import Parcel
from tests.browser.conftest import screenshot, sign_in

TZ = "Asia/Shanghai"


def test_the_dashboard_and_audit_trail_after_a_played_day(page, live_server):
    db = live_server.db
    day = Day(today(utcnow(), TZ).date - timedelta(days=1), TZ)
    result = play_day(db, day=day, items=1500, seed=3)
    with db.read() as session:
        returned = session.scalars(
            select(Parcel.tracking_number).join(CustodyEvent, CustodyEvent.parcel_id == Parcel.id)
            .where(CustodyEvent.type == "returned", Parcel.tracking_number.is_not(None),
                   Parcel.status == "delivered").order_by(Parcel.id).limit(1)).one()
        events = session.scalar(select(func.count(CustodyEvent.id)).join(Parcel).where(
            Parcel.tracking_number == returned))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    sign_in(page, "lead", next_path="/dashboard")
    page.goto(f"/dashboard?date={day}")
    figures = page.locator(".figures .num").all_inner_texts()
    assert figures[0] == str(result.received)
    assert figures[1] == str(result.statuses["delivered"] + result.statuses["picked_up"])
    assert page.locator("svg.chart rect.bar.received").count() >= 17  # 06:00-24:00
    assert page.locator("#overnight tbody tr").count() == min(result.still_here, 200)
    assert page.get_by_text("滞留过夜风险").first.is_visible()
    screenshot(page, "dashboard-zh")

    page.goto(f"/dashboard?date={day}&lang=en")
    assert page.get_by_role("heading", name="Overnight risk").is_visible()
    assert page.locator("#overnight .badge.overnight").first.inner_text() == "stayed overnight"
    screenshot(page, "dashboard-en")

    page.goto(f"/dashboard/audit?q={returned}")  # the language stays English (cookie)
    assert page.locator("table.events tbody tr").count() == events
    assert page.get_by_text("brought back to the gate").is_visible()
    assert page.locator(".chain.ok").is_visible()
    screenshot(page, "audit-en")

    page.goto(f"/dashboard/audit?q={returned}&lang=zh_CN")
    assert page.get_by_text("退回门口").is_visible()
    screenshot(page, "audit-zh")

    page.goto("/dashboard/audit?q=10-2-301")
    assert page.locator("h2", has_text="10-2-301").is_visible()
    screenshot(page, "audit-room-zh")
    assert not [error for error in errors if "Content Security Policy" in error]
