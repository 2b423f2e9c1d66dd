"""A realistic day at the gate, planned in advance (pure): what arrives when, and what becomes of it.

The plan follows DOMAIN.md: items arrive 06:00-24:00 with peaks at noon and in the evening
(meals at lunch and dinner, fresh produce in the morning); every item is disinfected and
shelved; runners leave every half hour during the windows of its category; some residents
collect at the gate (valuables always, unless the household is an elderly person living
alone); a few are not home and the item comes back; a few items have problems; a few arrive
without a readable destination and wait for the coordinator. Whatever misses its last run
stays on the shelf: the realistic tail the overnight-risk panel is for.

Deterministic: the same site, roster, day, size and seed give the same plan.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from station.dashboard.days import Day
from station.site import Site
from station.site.model import Window

MIX = {"express": 55, "meal": 20, "fresh": 12, "medicine": 6, "valuable": 2, "bulky": 5}
FIRST_HOUR, LAST_HOUR = 6, 24
# Arrivals per local hour 06..23, by category: meals at lunch and dinner, fresh produce in
# the morning, express peaking at noon and in the evening.
ARRIVALS = {
    "meal":     (1, 2, 3, 5, 10, 16, 10, 3, 2, 3, 8, 14, 8, 4, 2, 1, 1, 0),
    "fresh":    (14, 16, 16, 13, 9, 6, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0),
    "express":  (1, 2, 3, 4, 6, 9, 12, 11, 8, 6, 6, 8, 11, 12, 9, 5, 3, 1),
    "medicine": (1, 3, 6, 8, 8, 8, 6, 5, 6, 7, 7, 7, 6, 5, 4, 2, 1, 1),
    "valuable": (1, 2, 3, 4, 6, 9, 12, 11, 8, 6, 6, 8, 11, 12, 10, 7, 4, 2),
    "bulky":    (2, 4, 6, 8, 8, 6, 5, 5, 6, 7, 6, 5, 4, 3, 2, 2, 1, 1),
}
NO_TRACKING = {"meal": 1.0, "fresh": 0.5, "medicine": 0.3, "bulky": 0.5, "express": 0.0, "valuable": 0.0}
SELF_PICKUP = {"express": 0.18, "meal": 0.08, "fresh": 0.05, "medicine": 0.10, "valuable": 1.0, "bulky": 0.03}
CARRIERS = (("SF", 13, 25), ("YT", 13, 20), ("75", 12, 20), ("JDX", 12, 15), ("77", 11, 10), ("43", 11, 10))
LATE_PICKUP = 0.6  # missed the last run: the household is told to collect it at the gate
UNREADABLE = 0.015   # no readable destination: waits in UNRES for the coordinator
NOBODY_HOME = 0.03
PROBLEMS = 0.006
RUN_EVERY = timedelta(minutes=30)
RUN_CAPACITY = 30  # items one runner carries on one run; the rest wait for the next
CARE_RUNS = (Window(time(7), time(22)),)  # medicine for a care household does not wait for a window
GATE_OPENS, GATE_CLOSES = 7, 23  # residents collect at the gate between these hours
PROBLEM_NOTES = ("box crushed; contents checked with the courier", "leaking liquid; bagged and set apart",
                 "label torn; destination to be confirmed by phone", "resident says an item is missing")
RESOLVE_NOTES = ("checked with the resident by phone", "repacked; resident agreed", "confirmed, back on shelf")


@dataclass(frozen=True)
class Home:
    """A rostered room, as the plan needs it."""

    building: str
    unit: int
    room: str
    phone: str | None
    care: frozenset[str] = frozenset()

    @property
    def destination(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


@dataclass(frozen=True)
class Step:
    at: datetime
    kind: str  # intake disinfect shelve destination hand_out deliver return pick_up problem resolve
    actor: str
    args: tuple[tuple[str, str], ...] = ()

    def arg(self, key: str, default: str = "") -> str:
        return dict(self.args).get(key, default)


@dataclass
class Item:
    index: int
    category: str
    scan: str
    destination: str | None
    gate: str
    steps: list[Step] = field(default_factory=list)

    @property
    def arrival(self) -> datetime:
        return self.steps[0].at


def category_counts(items: int) -> dict[str, int]:
    """Exactly `items` split by MIX (largest remainders)."""
    total = sum(MIX.values())
    exact = {code: items * share / total for code, share in MIX.items()}
    counts = {code: int(value) for code, value in exact.items()}
    rest = items - sum(counts.values())
    for code in sorted(exact, key=lambda c: exact[c] - counts[c], reverse=True)[:rest]:
        counts[code] += 1
    return counts


def departures(windows, day: Day) -> list[datetime]:
    """Run departures: every half hour from each window's start, the last one 15 min before its end."""
    found = []
    for window in windows:
        at = day.at(window.start.hour, window.start.minute)
        end = day.at(window.end.hour, window.end.minute) - timedelta(minutes=15)
        while at <= end:
            found.append(at)
            at += RUN_EVERY
    return sorted(found)


class Planner:
    def __init__(self, site: Site, homes: Sequence[Home], day: Day, seed: int) -> None:
        if not homes:
            raise ValueError("the roster is empty: import one first (station init --demo loads a demo roster)")
        self.site, self.day = site, day
        self.rng = random.Random(f"{seed}:{day}")
        self.homes = list(homes)
        self.care_homes = [home for home in homes if home.care] or self.homes
        self.elderly = {home.destination for home in homes if "elderly_alone" in home.care}
        self.phones = {home.destination: home.phone for home in homes}
        self.gates = [gate.code for gate in site.gates]
        self.methods = list(site.disinfection)
        self.runs = {code: departures(category.windows, day) for code, category in site.categories.items()}
        self.care_runs = departures(CARE_RUNS, day)
        self.seen: set[str] = set()
        self.load: dict[tuple[str, datetime], int] = {}
        self.end = day.end

    def minutes(self, low: float, high: float) -> timedelta:
        return timedelta(minutes=self.rng.uniform(low, high))

    def arrival(self, category: str) -> datetime:
        hour = self.rng.choices(range(FIRST_HOUR, LAST_HOUR), weights=ARRIVALS[category])[0]
        return self.day.at(hour) + timedelta(seconds=self.rng.randrange(3600))

    def tracking(self, category: str) -> str:
        if self.rng.random() < NO_TRACKING[category]:
            return ""
        while True:
            prefix, digits, _share = self.rng.choices(CARRIERS, weights=[c[2] for c in CARRIERS])[0]
            number = prefix + "".join(self.rng.choice("0123456789") for _ in range(digits))
            if number not in self.seen:
                self.seen.add(number)
                return number

    def home(self, category: str) -> Home:
        if category == "medicine" and self.rng.random() < 0.5:
            return self.rng.choice(self.care_homes)
        return self.rng.choice(self.homes)

    def draft(self, index: int, category: str) -> tuple[Item, Home, bool]:
        """An item as it arrives: when, for whom, with what barcode, readable or not."""
        arrival = self.arrival(category)
        home = self.home(category)
        unreadable = self.rng.random() < UNREADABLE
        gate = self.gates[index % len(self.gates)]
        item = Item(index, category, self.tracking(category), None if unreadable else home.destination, gate)
        item.steps.append(Step(arrival, "intake", "gate1" if arrival < self.day.at(15) else "gate2"))
        return item, home, unreadable

    def live(self, item: Item, home: Home, unreadable: bool) -> Item:
        self.life(item, home, item.arrival, unreadable)
        item.steps = [step for step in item.steps if step.at < self.end]
        return item

    def life(self, item: Item, home: Home, arrival: datetime, unreadable: bool) -> None:
        """Disinfection, shelving, then a run, a pickup, a problem, or the shelf overnight."""
        add = item.steps.append
        # disinfection goes in rounds every ten minutes
        disinfected = arrival + timedelta(minutes=10 - arrival.minute % 10) + self.minutes(0, 8)
        method = self.methods[0] if self.rng.random() < 0.8 or len(self.methods) == 1 else self.methods[1]
        dwell = timedelta(minutes=self.site.disinfection[method].dwell_minutes)
        worker = "disinfect1" if disinfected < self.day.at(15) else "disinfect2"
        add(Step(disinfected, "disinfect", worker, (("method", method),)))
        shelved = disinfected + timedelta(minutes=1)
        add(Step(shelved, "shelve", worker))
        ready = max(shelved, disinfected + dwell) + timedelta(seconds=30)
        if unreadable:
            if self.rng.random() < 0.2:
                return  # nobody has worked out where it goes yet
            found = ready + self.minutes(20, 120)
            add(Step(found, "destination", "lead", (("destination", home.destination),)))
            ready = found
        if self.rng.random() < PROBLEMS:
            reported = ready + self.minutes(5, 60)
            add(Step(reported, "problem", "gate1", (("note", self.rng.choice(PROBLEM_NOTES)),)))
            if self.rng.random() < 0.3:
                return  # still open at the end of the day
            ready = reported + self.minutes(15, 90)
            add(Step(ready, "resolve", "lead", (("note", self.rng.choice(RESOLVE_NOTES)),)))
        self.hand_over(item, home, ready, first=True)

    def pick_up(self, item: Item, at: datetime) -> None:
        """The resident collects at the gate, if it is open by then; else it waits on the shelf."""
        if at < self.day.at(GATE_OPENS):
            at = self.day.at(GATE_OPENS) + self.minutes(0, 60)
        if at < self.day.at(GATE_CLOSES):
            item.steps.append(Step(at, "pick_up", "gate1" if at < self.day.at(15) else "gate2",
                                   (("verify", "collection_code"),)))

    def hand_over(self, item: Item, home: Home, ready: datetime, *, first: bool) -> None:
        category = item.category
        valuable_to_door = category == "valuable" and home.destination in self.elderly
        if not valuable_to_door and self.rng.random() < SELF_PICKUP[category] * (1 if first else 3):
            self.pick_up(item, ready + self.minutes(20, 360))
            return
        if category == "medicine" and home.care:
            runs = self.care_runs
        else:
            runs = self.runs.get(category) or self.runs["express"]
        runner = f"runner{self.site.grid_index(self.site.buildings[home.building].grid)}"
        leaving = next((at for at in runs if at >= ready and self.load.get((runner, at), 0) < RUN_CAPACITY),
                       None)
        if leaving is None:  # missed the last run: the household is told to collect it
            if self.rng.random() < LATE_PICKUP:
                self.pick_up(item, ready + self.minutes(15, 180))
            return
        position = self.load.get((runner, leaving), 0)
        self.load[(runner, leaving)] = position + 1
        floor = int(home.room[:-2]) if home.room[:-2].isdigit() else 1
        item.steps.append(Step(leaving, "hand_out", runner))
        # door to door: the run's earlier items first, then up the stairs
        door = leaving + timedelta(minutes=5 + 1.2 * position + 1.5 * floor) + self.minutes(0, 5)
        if self.rng.random() < NOBODY_HOME:
            item.steps.append(Step(door, "return", runner, (("reason", "nobody_home"),)))
            back = door + self.minutes(10, 30)
            item.steps.append(Step(back, "shelve", "gate1" if back < self.day.at(15) else "gate2"))
            if first:
                self.hand_over(item, home, back + timedelta(minutes=1), first=False)
            return
        verify = ""
        if category in ("medicine", "valuable"):
            verify = "collection_code"
        args = (("verify", verify), ("phone", self.phones.get(home.destination) or "")) if verify else ()
        item.steps.append(Step(door, "deliver", runner, args))


def plan_day(site: Site, homes: Sequence[Home], day: Day, *, items: int, seed: int) -> list[Item]:
    """Every item of the day with its steps, in order of arrival."""
    planner = Planner(site, homes, day, seed)
    categories = [code for code, count in category_counts(items).items() for _ in range(count)]
    planner.rng.shuffle(categories)
    drafts = [planner.draft(index, category) for index, category in enumerate(categories)]
    drafts.sort(key=lambda draft: (draft[0].arrival, draft[0].index))
    # lives are planned in order of arrival, so runs fill up first come, first served
    return [planner.live(*draft) for draft in drafts]
