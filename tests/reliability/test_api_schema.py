"""Schemathesis fuzzes every operation of /api/v1/openapi.json, signed in as a coordinator.

Data that fits the schema and data that does not, against the real app on each backend, with
some path keys and scans swapped for parcels that exist so requests get past the 404. No answer
may be a 5xx, and every answer must match what the schema documents for it (body, content type).

Schemathesis 4's lazy pytest loader (`from_fixture`) does not run under pytest 9 (it reads
`node._nodeid`), so the operations are driven with Hypothesis directly: one `@given` per
operation, failures collected and reported together.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from station.app import create_app
from station.config import Settings
from station.parcels import handling, service
from station.siteconfig.service import current_site
from tests.support import NOW, bearer

EXAMPLES = 8  # per operation and generation mode: the whole run stays under a minute
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance,
          status_code_conformance]


def known_parcels(db) -> list[str]:
    """Parcels in several states, by every kind of key a client may send."""
    def run(session):
        site = current_site(session)
        keys = []
        for n, (category, destination) in enumerate([("express", "10-2-301"), ("medicine", "3-1-101"),
                                                     ("express", None), ("meal", "7-2-402")]):
            parcel = service.intake_parcel(session, site=site, scan=f"SF88800000000{n:02d}",
                                           destination=destination, category=category, gate="main",
                                           actor="gate1", now=NOW).parcel
            keys += [parcel.code, parcel.tracking_number, parcel.pickup_code]
            if n == 0:
                handling.disinfect(session, parcel, site=site, method="alcohol", actor="gate1",
                                   gate="main", now=NOW - timedelta(hours=1))
                handling.shelve(session, parcel, site=site, actor="gate1", gate="main", now=NOW)
            if n == 1:
                handling.report_problem(session, parcel, site=site, note="torn", actor="gate1", gate="main", now=NOW)
        return keys

    return db.write(run)


@pytest.mark.slow
def test_every_operation_answers_within_its_schema(db):
    app = create_app(Settings(database_url=db.url), db=db)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    keys = known_parcels(db)
    statuses: Counter = Counter()
    failures: dict[str, str] = {}
    seconds: dict[str, float] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                          operation.as_strategy(GenerationMode.NEGATIVE))

        @given(case=cases, pick=st.integers(min_value=0, max_value=2 * len(keys) - 1))
        @settings(max_examples=2 * EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case, pick):
            if pick < len(keys):  # half the time, a parcel that exists
                if "key" in (case.path_parameters or {}):
                    case.path_parameters["key"] = keys[pick]
                if isinstance(case.body, dict):
                    for field in ("scan", "parcel"):
                        if isinstance(case.body.get(field), str):
                            case.body[field] = keys[pick]
                    if isinstance(case.body.get("parcels"), list):
                        case.body["parcels"] = keys[pick:pick + 3]
            response = case.call_and_validate(headers=bearer("lead"), checks=CHECKS)
            statuses[operation.label, response.status_code] += 1

        started = time.monotonic()
        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is tried; failures shown together
            failures[operation.label] = str(exc)
        seconds[operation.label] = time.monotonic() - started
    print(f"\n[schemathesis, {db.engine.dialect.name}] {len(operations)} operations, "
          f"{sum(statuses.values())} requests; answers by status: "
          f"{dict(sorted(Counter(code for (_, code), n in statuses.items() for _ in range(n)).items()))}")
    print("  slowest operations: " + ", ".join(
        f"{label} {t:.1f} s" for label, t in sorted(seconds.items(), key=lambda item: -item[1])[:4]))
    for label, failure in failures.items():
        print(f"--- {label}\n{failure[:2500]}")
    assert not failures, f"{len(failures)} operation(s) answered outside the schema: {sorted(failures)}"
