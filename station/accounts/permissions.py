"""Who may do what: one table from each action to the roles that may do it (pure).

Routes name the action they perform (`Allowed(...)` in station.web.auth), pages ask `can(...)`
before showing a link or a button, and services ask `may(...)`; none of them names a role.
Coordinators may do everything.

What "one's own work" is for a role that may read parcels but not any parcel (PARCEL_READ without
PARCEL_READ_ANY) is `WORK` below: a runner reads the items of their own runs, a disinfection
volunteer the items waiting for or in disinfection.
"""

from __future__ import annotations

from enum import StrEnum

GATE, DISINFECTION, RUNNER, COORDINATOR = "gate", "disinfection", "runner", "coordinator"
ROLES = (GATE, DISINFECTION, RUNNER, COORDINATOR)


class Action(StrEnum):
    PARCEL_RECEIVE = "parcel:receive"      # scan in at the gate: intake, aliases, void, camera frames
    PARCEL_READ = "parcel:read"            # a parcel's record, events and label: those of one's own work
    PARCEL_READ_ANY = "parcel:inspect"     # any parcel's, not only those of one's own work
    PARCEL_REPORT = "parcel:report"        # mark a parcel as a problem
    PARCEL_DISINFECT = "parcel:disinfect"
    PARCEL_SHELVE = "parcel:shelve"
    PARCEL_MOVE = "parcel:move"            # to another zone or slot
    PARCEL_RELEASE = "parcel:release"      # self pickup at the gate against a code
    PARCEL_RESOLVE = "parcel:resolve"      # close a problem, give an unresolved item its destination
    UNRESOLVED_READ = "unresolved:read"    # the list of items waiting for a destination
    HANDOVER_MANAGE = "handover:manage"    # a courier's batch counted in at the gate
    SHELF_READ = "shelf:read"
    RUN_CLAIM = "run:claim"
    RUN_READ = "run:read"                  # a run, its floor list and the open runs
    RUN_DELIVER = "run:deliver"            # record what happened at each door, close the run
    RUN_MANAGE = "run:manage"              # the same on a run another volunteer claimed
    STOCKTAKE_RUN = "stocktake:run"
    DASHBOARD_READ = "dashboard:read"
    AUDIT_READ = "audit:read"
    EXPORT_READ = "export:read"
    ADMIN_SITE = "admin:site"              # the site file, gates and the administration overview
    ADMIN_ROSTER = "admin:roster"
    ADMIN_USERS = "admin:users"            # volunteers, their roles and device tokens
    NOTIFY_MANAGE = "notify:manage"
    RESIDENTS_MANAGE = "residents:manage"  # group-buy lists, household codes and cards
    LIMITS_LIFT = "limits:lift"            # let a room or a sign-in held after wrong attempts go on


_EVERYONE = frozenset(ROLES)
_GATE = frozenset({GATE, COORDINATOR})
_GATE_AND_DISINFECTION = frozenset({GATE, DISINFECTION, COORDINATOR})
_GATE_AND_RUNNERS = frozenset({GATE, RUNNER, COORDINATOR})
_COORDINATORS = frozenset({COORDINATOR})

TABLE: dict[Action, frozenset[str]] = {
    Action.PARCEL_RECEIVE: _GATE,
    Action.PARCEL_READ: _EVERYONE,
    Action.PARCEL_READ_ANY: _GATE,
    Action.PARCEL_REPORT: _EVERYONE,
    Action.PARCEL_DISINFECT: _GATE_AND_DISINFECTION,
    Action.PARCEL_SHELVE: _GATE_AND_DISINFECTION,
    Action.PARCEL_MOVE: _GATE,
    Action.PARCEL_RELEASE: _GATE,
    Action.PARCEL_RESOLVE: _COORDINATORS,
    Action.UNRESOLVED_READ: _GATE,
    Action.HANDOVER_MANAGE: _GATE,
    Action.SHELF_READ: _EVERYONE,
    Action.RUN_CLAIM: _GATE_AND_RUNNERS,
    Action.RUN_READ: _GATE_AND_RUNNERS,
    Action.RUN_DELIVER: _GATE_AND_RUNNERS,
    Action.RUN_MANAGE: _GATE,
    Action.STOCKTAKE_RUN: _GATE,
    Action.DASHBOARD_READ: _GATE,
    Action.AUDIT_READ: _COORDINATORS,
    Action.EXPORT_READ: _COORDINATORS,
    Action.ADMIN_SITE: _COORDINATORS,
    Action.ADMIN_ROSTER: _COORDINATORS,
    Action.ADMIN_USERS: _COORDINATORS,
    Action.NOTIFY_MANAGE: _COORDINATORS,
    Action.RESIDENTS_MANAGE: _COORDINATORS,
    Action.LIMITS_LIFT: _COORDINATORS,
}


# role -> what of its work it may read: "runs" (items of its own runs) or "disinfection" (items not
# yet shelved after intake or a return). A role not named here reads no parcel unless PARCEL_READ_ANY.
WORK = {RUNNER: "runs", DISINFECTION: "disinfection"}


def roles_for(action: Action | str) -> frozenset[str]:
    """The roles that may do `action`; an action not in the table is a programming error."""
    return TABLE[Action(action)]


def may(role: str | None, action: Action | str) -> bool:
    return role in roles_for(action)


# Where each role starts: the first of these pages its role may open.
START_PAGES = ((Action.PARCEL_RECEIVE, "/gate"), (Action.PARCEL_DISINFECT, "/disinfect"),
               (Action.RUN_READ, "/runs"), (Action.SHELF_READ, "/shelves"))


def start_page(role: str | None) -> str:
    return next((page for action, page in START_PAGES if may(role, action)), "/gate")
