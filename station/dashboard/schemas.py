"""What /api/v1/dashboard answers: the same figures as the page, for a wall screen or a script."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class CountLine(BaseModel):
    """Counts of a building, grid or category for the day (see station.dashboard.report)."""

    building: str
    grid: str
    category: str
    received: int
    delivered: int
    picked_up: int
    on_shelf: int
    with_runners: int
    problems: int


class StatusCount(BaseModel):
    status: str
    count: int


class WaitingItem(BaseModel):
    code: str
    tracking_number: str | None
    category: str
    destination: str | None
    status: str
    pickup_code: str | None  # None once it left its shelf
    received_at: datetime
    care: list[str]


class RiskItem(WaitingItem):
    level: str  # overnight | missed | closing
    deadline: datetime


class ShelfFill(BaseModel):
    shelf: str
    zone: str
    number: int
    used: int
    slots: int
    percent: int


class OpenRun(BaseModel):
    code: str
    runner: str
    scope: str
    opened_at: datetime
    minutes: int
    items: int


class RunsPanel(BaseModel):
    recorded: bool  # False while this station keeps no delivery runs
    limit_minutes: int
    open_too_long: list[OpenRun]


class Hourly(BaseModel):
    received: list[int]
    delivered: list[int]


class DashboardOut(BaseModel):
    at: datetime
    day: date
    timezone: str
    totals: CountLine
    by_status: list[StatusCount]
    earlier_still_here: int
    by_category: list[CountLine]
    by_grid: list[CountLine]
    by_building: list[CountLine]
    hourly: Hourly
    overnight_total: int
    overnight: list[RiskItem]
    care_total: int
    care_waiting: list[WaitingItem]
    shelves_near_full: list[ShelfFill]
    runs: RunsPanel
