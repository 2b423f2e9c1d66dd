"""The permission table: who may do what, and what a refusal says."""

from __future__ import annotations

import re

import pytest

from station.accounts.permissions import ROLES, TABLE, Action, may, roles_for
from station.errors import Forbidden
from station.runs.models import DeliveryRun
from station.runs.outcomes import check_may_act
from station.web.auth import NotPermitted
from station.web.i18n import current_locale, gettext

# Who may do what, written out once more here: a change to the table has to be made twice.
EXPECTED = {
    "gate": {"parcel:receive", "parcel:read", "parcel:inspect", "parcel:report", "parcel:disinfect", "parcel:shelve",
             "parcel:move", "parcel:release", "unresolved:read", "handover:manage", "shelf:read",
             "run:claim", "run:read", "run:deliver", "run:manage", "stocktake:run", "dashboard:read"},
    "disinfection": {"parcel:read", "parcel:report", "parcel:disinfect", "parcel:shelve", "shelf:read"},
    "runner": {"parcel:read", "parcel:report", "shelf:read", "run:claim", "run:read", "run:deliver"},
    "coordinator": {action.value for action in Action},
}


def test_every_action_has_a_row_and_every_row_names_known_roles():
    assert set(TABLE) == set(Action)
    assert all(roles and roles <= set(ROLES) for roles in TABLE.values())
    assert all(re.fullmatch(r"[a-z]+:[a-z]+", action) for action in Action)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_what_it_could_before_the_table(role):
    assert {action.value for action in Action if may(role, action)} == EXPECTED[role]


def test_coordinators_may_do_everything_and_nobody_signed_out_may_do_anything():
    assert all(may("coordinator", action) for action in Action)
    assert not any(may(None, action) or may("resident", action) for action in Action)


def test_roles_for_answers_the_table_and_refuses_an_unknown_action():
    assert roles_for("parcel:resolve") == {"coordinator"}
    assert roles_for(Action.PARCEL_DISINFECT) == {"gate", "disinfection", "coordinator"}
    with pytest.raises(ValueError):
        roles_for("parcel:teleport")


def test_a_refusal_names_the_role_and_who_may_in_english_and_chinese():
    refusal = NotPermitted("runner", Action.DASHBOARD_READ)
    assert refusal.status_code == 403
    assert refusal.message == "a runner volunteer may not do this; it needs: coordinator, gate"
    assert refusal.code == "accounts.not_permitted"
    token = current_locale.set("zh_CN")
    try:
        assert refusal.translated(gettext, "zh_CN") == "配送员不能做这件事，需要：协调员、门口志愿者"
    finally:
        current_locale.reset(token)


@pytest.mark.parametrize(("actor", "role", "refused"), [
    ("runner1", "runner", False), ("runner2", "runner", True),
    ("gate1", "gate", False), ("lead", "coordinator", False), ("disinfect1", "disinfection", True)])
def test_only_the_runner_and_who_may_manage_runs_record_on_a_run(actor, role, refused):
    run = DeliveryRun(code="R1", runner="runner1")
    if refused:
        with pytest.raises(Forbidden, match="run R1 is runner1's"):
            check_may_act(run, actor=actor, role=role)
    else:
        check_may_act(run, actor=actor, role=role)
