"""The dashboard's figures, read in one transaction with index-friendly queries.

The day's counts come from station.dashboard.report, so the page and the exports agree.
What is waiting (overnight risk, medicine and care items) is read once, by status (the
status/building index), and judged by the pure rules of station.dashboard.risk.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from station.custody import states
from station.custody.models import CustodyEvent
from station.dashboard import risk
from station.dashboard.days import Day, hourly
from station.dashboard.report import HANDED_OVER, NOT_FINAL, Line, day_report
from station.dashboard.schemas import (
    CountLine,
    DashboardOut,
    Hourly,
    OpenRun,
    RiskItem,
    RunsPanel,
    ShelfFill,
    StatusCount,
    WaitingItem,
)
from station.parcels.models import Parcel
from station.residents.models import Household
from station.site import CategoryCode, Site
from station.sorting.rules import shelf_code

NEAR_FULL = 0.8
RUN_LIMIT = timedelta(minutes=90)
LIST_LIMIT = 200
CARE_CATEGORIES = (CategoryCode.medicine,)


def count_line(line: Line) -> CountLine:
    return CountLine(building=line.building, grid=line.grid, category=line.category,
                     received=line.received, delivered=line.delivered, picked_up=line.picked_up,
                     on_shelf=line.on_shelf, with_runners=line.with_runners, problems=line.problems)


def dashboard(session: Session, *, site: Site, day: Day, now: datetime,
              limit: int = LIST_LIMIT) -> DashboardOut:
    """Everything the coordinator's page shows: the day's counts, and what waits now."""
    report = day_report(session, site=site, day=day, now=now)
    waiting = waiting_items(session)
    at_risk = overnight(site, waiting, now=now)
    care = [item for item in waiting if item.category in CARE_CATEGORIES or item.care]
    return DashboardOut(
        at=now, day=day.date, timezone=site.timezone, totals=count_line(report.totals),
        by_status=status_counts(session, day), earlier_still_here=earlier_still_here(session, day),
        by_category=[count_line(line) for line in report.by_category()],
        by_grid=[count_line(line) for line in report.by_grid()],
        by_building=[count_line(line) for line in report.by_building()],
        hourly=hourly_counts(session, day),
        overnight_total=len(at_risk), overnight=at_risk[:limit],
        care_total=len(care), care_waiting=care[:limit],
        shelves_near_full=shelves_near_full(session, site=site),
        runs=runs_open_too_long(session, now=now))


def status_counts(session: Session, day: Day) -> list[StatusCount]:
    """The items received on the day, by the status they have now."""
    rows = dict(session.execute(
        select(Parcel.status, func.count(Parcel.id))
        .where(Parcel.received_at >= day.start, Parcel.received_at < day.end)
        .group_by(Parcel.status)).all())
    return [StatusCount(status=status, count=rows.get(status, 0)) for status in states.STATUSES]


def earlier_still_here(session: Session, day: Day) -> int:
    """Items received before the day that are still not handed over."""
    return session.scalar(select(func.count(Parcel.id)).where(
        Parcel.status.in_(NOT_FINAL), Parcel.received_at < day.start)) or 0


def hourly_counts(session: Session, day: Day) -> Hourly:
    received = session.scalars(select(Parcel.received_at).where(
        Parcel.received_at >= day.start, Parcel.received_at < day.end,
        Parcel.status != states.VOIDED)).all()
    handed = session.scalars(select(CustodyEvent.at).where(
        CustodyEvent.type.in_(HANDED_OVER), CustodyEvent.at >= day.start,
        CustodyEvent.at < day.end)).all()
    return Hourly(received=hourly(list(received), day), delivered=hourly(list(handed), day))


def waiting_items(session: Session) -> list[WaitingItem]:
    """Every item not handed over yet, oldest first, with its household's care flags."""
    rows = session.execute(
        select(Parcel, Household.elderly_alone, Household.pregnant, Household.chronic_medicine)
        .outerjoin(Household, Household.id == Parcel.household_id)
        .where(Parcel.status.in_(NOT_FINAL))
        .order_by(Parcel.received_at, Parcel.id))
    items = []
    for parcel, elderly, pregnant, chronic in rows:
        flags = [name for name, on in (("elderly_alone", elderly), ("pregnant", pregnant),
                                       ("chronic_medicine", chronic)) if on]
        items.append(WaitingItem(
            code=parcel.code, tracking_number=parcel.tracking_number, category=parcel.category,
            destination=parcel.destination, status=parcel.status,
            pickup_code=parcel.pickup_code if parcel.slot is not None else None,
            received_at=parcel.received_at, care=flags))
    return items


def overnight(site: Site, waiting: list[WaitingItem], *, now: datetime) -> list[RiskItem]:
    windows = {code: category.windows for code, category in site.categories.items()}
    return [RiskItem(**found.item.model_dump(), level=found.level, deadline=found.deadline)
            for found in risk.overnight_risk(waiting, windows, now=now, timezone=site.timezone)]


def shelves_near_full(session: Session, *, site: Site, share: float = NEAR_FULL) -> list[ShelfFill]:
    """Shelves at least `share` full, fullest first."""
    rows = session.execute(
        select(Parcel.zone, Parcel.shelf, func.count(Parcel.id))
        .where(Parcel.slot.is_not(None)).group_by(Parcel.zone, Parcel.shelf))
    found = []
    for zone_code, number, used in rows:
        zone = site.zones.get(zone_code)
        if zone is None or used < share * zone.slots:
            continue
        found.append(ShelfFill(shelf=shelf_code(zone_code, number), zone=zone_code, number=number,
                               used=used, slots=zone.slots, percent=round(100 * used / zone.slots)))
    return sorted(found, key=lambda fill: (-fill.used / fill.slots, fill.shelf))


def runs_open_too_long(session: Session, *, now: datetime, limit: timedelta = RUN_LIMIT) -> RunsPanel:
    """Runs still open after `limit`; read only when this station records runs at all."""
    minutes = int(limit.total_seconds() // 60)
    try:
        from station.runs.models import DeliveryRun, RunItem
    except ImportError:
        return RunsPanel(recorded=False, limit_minutes=minutes, open_too_long=[])
    if not inspect(session.connection()).has_table(DeliveryRun.__tablename__):
        return RunsPanel(recorded=False, limit_minutes=minutes, open_too_long=[])
    pending = (select(func.count(RunItem.id))
               .where(RunItem.run_id == DeliveryRun.id, RunItem.outcome.is_(None))
               .scalar_subquery())
    rows = session.execute(
        select(DeliveryRun, pending)
        .where(DeliveryRun.closed_at.is_(None), DeliveryRun.opened_at <= now - limit)
        .order_by(DeliveryRun.opened_at))
    runs = [OpenRun(code=run.code, runner=run.runner,
                    scope=f"{getattr(run, 'scope_kind', '')} {getattr(run, 'scope_value', '')}".strip(),
                    opened_at=run.opened_at, minutes=int((now - run.opened_at).total_seconds() // 60),
                    items=items or 0)
            for run, items in rows]
    return RunsPanel(recorded=True, limit_minutes=minutes, open_too_long=runs)


