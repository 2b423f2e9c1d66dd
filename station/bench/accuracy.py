"""How well the recognisers do on the labelled corpora: `station bench accuracy`.

Also run as `python -m station.bench.accuracy`. Reads tests/data (the project's corpora) and,
when present, the shared reference data next to the repository (../shared/data/tracking).
Prints accuracy per carrier and per address form, and exits 1 when a target is missed: every
valid number recognised with its carrier (or among the candidates), no invalid one accepted,
and 98% of addresses resolved or flagged as they should be.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click

from station.recognize.core import Recogniser, Recognition
from station.recognize.match import RosterEntry
from station.site.model import Building, Grid, Site

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "data" / "tracking"
ADDRESS_TARGET = 0.98

# jkeen/tracking_number_data courier codes -> ours.
JKEEN_CARRIERS = {
    "amazon": "AMAZON", "canada_post": "CANADA_POST", "canpar": "CANPAR", "dhl": "DHL", "dpd": "DPD",
    "fedex": "FEDEX", "gofo": "GOFO", "landmark": "LANDMARK", "lasership": "LASERSHIP",
    "old_dominion": "OLD_DOMINION", "ontrac": "ONTRAC", "purolator": "PUROLATOR", "s10": "UPU",
    "speedee": "SPEEDEE", "ups": "UPS", "usps": "USPS", "yodel": "YODEL", "yunexpress": "YUNEXPRESS",
}
# S10 numbers issued in China are China Post's: either code names the right carrier.
SAME_CARRIER = {"UPU": {"UPU", "EMS"}}
# cn_couriers.json codes -> ours.
CN_CARRIERS = {"DPK": "DEPPON"}


@dataclass(frozen=True)
class TrackingCase:
    carrier: str
    text: str
    valid: bool
    hint: str | None = None
    note: str = ""
    also_valid_for_carrier: bool = False  # listed invalid for one format, valid for another


@dataclass
class Tally:
    good: int = 0
    total: int = 0
    top: int = 0  # the expected carrier ranked first
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, failure: str, top: bool = False) -> None:
        self.total += 1
        self.good += ok
        self.top += top
        if not ok:
            self.failures.append(failure)

    def cell(self) -> str:
        return f"{self.good}/{self.total}" if self.total else "-"


# -- reading the corpora ---------------------------------------------------------------------------

def shared_cases(shared: Path) -> Iterator[TrackingCase]:
    couriers = shared / "jkeen_tracking_number_data" / "couriers"
    for path in sorted(couriers.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        carrier = JKEEN_CARRIERS[document["courier_code"]]
        valid_anywhere = {"".join(n.split()) for f in document["tracking_numbers"]
                          for n in f.get("test_numbers", {}).get("valid", [])}
        for fmt in document["tracking_numbers"]:
            numbers = fmt.get("test_numbers", {})
            for number in numbers.get("valid", []):
                yield TrackingCase(carrier, number, True, note=fmt["name"])
            for number in numbers.get("invalid", []):
                yield TrackingCase(carrier, number, False, note=fmt["name"],
                                   also_valid_for_carrier="".join(number.split()) in valid_anywhere)


def shared_cn_cases(shared: Path) -> Iterator[TrackingCase]:
    path = shared / "cn_couriers.json"
    if not path.exists():
        return
    for courier in json.loads(path.read_text(encoding="utf-8"))["couriers"]:
        carrier = CN_CARRIERS.get(courier["code"], courier["code"])
        for source, examples in courier.get("examples", {}).items():
            for number in examples:
                yield TrackingCase(carrier, number, True, note=f"source {source}")


def cn_corpus_cases(path: Path) -> Iterator[TrackingCase]:
    with open(path, newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            expected = row["expected"]
            yield TrackingCase(expected, row["text"], expected != "REJECT", row["hint"] or None, row["notes"])


def site_from_spec(spec: dict) -> Site:
    """The test site of tests/data/address_site.json as a Site (no zones: addresses only)."""
    grid_of = {str(b): code for code, (lo, hi) in spec["grids"].items() for b in range(lo, hi + 1)}
    buildings = {
        str(b): Building(str(b), grid_of[str(b)], g["units"], g["floors"], g["rooms_per_floor"])
        for g in spec["buildings"] for b in range(g["ids"][0], g["ids"][1] + 1)
    }
    grids = tuple(Grid(code, code, tuple(str(b) for b in range(lo, hi + 1)))
                  for code, (lo, hi) in spec["grids"].items())
    return Site(name=spec["name"], timezone="Asia/Shanghai", express_by="building", gates=(),
                grids=grids, buildings=buildings, zones={}, categories={}, disinfection={})


def read_roster(path: Path) -> list[RosterEntry]:
    with open(path, newline="", encoding="utf-8") as source:
        return [RosterEntry(int(r["household_id"]), r["building"], int(r["unit"]), r["room"],
                            r["name"] or None, r["phone"] or None) for r in csv.DictReader(source)]


def read_addresses(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


# -- judging ---------------------------------------------------------------------------------------

def tracking_ok(case: TrackingCase, found: Recognition) -> tuple[bool, bool]:
    """(judged right, expected carrier ranked first) for one tracking case."""
    accepted = SAME_CARRIER.get(case.carrier, {case.carrier})
    named = found.kind == "tracking" and found.valid and (
        found.carrier in accepted or any(c in accepted for c in found.candidates))
    top = named and (found.carrier in accepted or (found.candidates[:1] and found.candidates[0] in accepted))
    if case.valid:
        if case.hint:
            return found.carrier in accepted, bool(top)
        return named, bool(top)
    if case.carrier == "REJECT":
        return not (found.kind == "tracking" and found.valid), False
    # A shared invalid example is wrong for its format; it must not be taken as that carrier's,
    # unless the same list gives it as valid for another of the carrier's formats.
    return (not named) or case.also_valid_for_carrier, False


def address_ok(row: dict[str, str], found: Recognition) -> bool:
    expected = row["expected"]
    if expected == "UNKNOWN":
        return found.destination is None and not found.candidates
    if expected == "AMBIGUOUS":
        return (found.destination is None and bool(found.candidates)
                and (not row["includes"] or row["includes"] in found.candidates))
    household = int(row["household"]) if row["household"] else None
    return found.valid and found.destination == expected and found.household_id == household


def score_tracking(cases: Iterable[TrackingCase], recogniser: Recogniser) -> dict[str, tuple[Tally, Tally]]:
    table: dict[str, tuple[Tally, Tally]] = {}
    for case in cases:
        found = recogniser(case.text, expected_carrier=case.hint)
        ok, top = tracking_ok(case, found)
        valid, invalid = table.setdefault(case.carrier, (Tally(), Tally()))
        (valid if case.valid else invalid).add(
            ok, f"{case.text!r} ({case.note}): {found.kind} {found.carrier or list(found.candidates)}"
                f" {found.reason or ''}", top)
    return table


def score_addresses(rows: Iterable[dict[str, str]], recogniser: Recogniser) -> dict[str, Tally]:
    table: dict[str, Tally] = {}
    for row in rows:
        found = recogniser(row["text"])
        table.setdefault(row["form"], Tally()).add(
            address_ok(row, found),
            f"{row['text']!r} expected {row['expected']} {row['includes']}: got "
            f"{found.destination or list(found.candidates)} ({found.reason})")
    return table


# -- printing --------------------------------------------------------------------------------------

def _print_tracking(title: str, table: dict[str, tuple[Tally, Tally]], out) -> tuple[bool, bool]:
    print(f"\n{title}", file=out)
    print(f"  {'carrier':<14}{'valid: right carrier':>22}{'ranked first':>14}{'invalid: refused':>18}", file=out)
    all_valid = all_invalid = True
    for carrier, (valid, invalid) in sorted(table.items()):
        print(f"  {carrier:<14}{valid.cell():>22}{(f'{valid.top}/{valid.total}' if valid.total else '-'):>14}"
              f"{invalid.cell():>18}", file=out)
        all_valid &= valid.good == valid.total
        all_invalid &= invalid.good == invalid.total
    for carrier, (valid, invalid) in sorted(table.items()):
        for failure in valid.failures + invalid.failures:
            print(f"  FAIL {carrier}: {failure}", file=out)
    return all_valid, all_invalid


def main(argv: list[str] | None = None, out=sys.stdout, prog: str = "python -m station.bench.accuracy") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the project's corpora (tests/data)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="shared tracking reference data")
    args = parser.parse_args(argv)
    plain = Recogniser()
    targets: list[tuple[str, bool]] = []

    if (args.shared / "jkeen_tracking_number_data").is_dir():
        table = score_tracking(shared_cases(args.shared), plain)
        v, i = _print_tracking("Tracking numbers: shared jkeen/tracking_number_data", table, out)
        targets += [("shared valid numbers: right carrier", v), ("shared invalid numbers refused", i)]
        table = score_tracking(shared_cn_cases(args.shared), plain)
        v, _ = _print_tracking("Tracking numbers: shared cn_couriers.json examples", table, out)
        targets.append(("cn_couriers.json examples: right carrier", v))
    else:
        print(f"\n(shared tracking data not found at {args.shared}: skipped)", file=out)

    cn = args.corpus / "cn_tracking.csv"
    if cn.exists():
        table = score_tracking(cn_corpus_cases(cn), plain)
        v, _ = _print_tracking(f"Tracking numbers: {cn.name} (REJECT rows are near misses)", table, out)
        rejects = table.get("REJECT", (Tally(), Tally()))[1]
        targets += [("cn corpus: right carrier", v), ("cn corpus: near misses refused", rejects.good == rejects.total)]

    addresses = args.corpus / "addresses.csv"
    if addresses.exists():
        spec = json.loads((args.corpus / "address_site.json").read_text(encoding="utf-8"))
        roster = read_roster(args.corpus / "address_roster.csv")
        table = score_addresses(read_addresses(addresses), Recogniser(site_from_spec(spec), roster))
        print(f"\nAddresses: {addresses.name} against {spec['name']}, {len(roster)} roster entries", file=out)
        print(f"  {'form':<14}{'right':>10}{'share':>9}", file=out)
        good = total = 0
        for form, tally in sorted(table.items()):
            good, total = good + tally.good, total + tally.total
            print(f"  {form:<14}{tally.cell():>10}{tally.good / tally.total:>9.1%}", file=out)
        print(f"  {'all':<14}{f'{good}/{total}':>10}{good / total:>9.1%}", file=out)
        for form, tally in sorted(table.items()):
            for failure in tally.failures:
                print(f"  FAIL {form}: {failure}", file=out)
        targets.append((f"addresses resolved or flagged right >= {ADDRESS_TARGET:.0%}",
                        total > 0 and good / total >= ADDRESS_TARGET))

    print("\nTargets", file=out)
    for name, met in targets:
        print(f"  [{'met' if met else 'MISSED'}] {name}", file=out)
    return 0 if targets and all(met for _name, met in targets) else 1


@click.command("accuracy", context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def accuracy(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Carrier and address recognition accuracy; exits 1 when a target is missed."""
    ctx.exit(main(list(args), out=sys.stdout, prog="station bench accuracy"))


if __name__ == "__main__":
    sys.exit(main())
