"""A runner claiming a run queues one digest per building group, in the claim's transaction."""

from datetime import timedelta

import pytest

from station.errors import NotFound
from station.notify import worker
from station.runs.scope import make_scope
from station.runs.service import claim_run
from tests.notify.helpers import outbox_rows, robot, shelve, use_site
from tests.support import NOW

LATER = NOW + timedelta(minutes=10)  # past the disinfection dwell time


def claim(db, site, **scope):
    return db.write(lambda s: claim_run(s, site=site, scope=make_scope(site, **scope), runner="runner1",
                                        gate="main", now=LATER).run.code)


def test_claiming_a_building_tells_its_group_once(db, chat):
    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10")
                    + robot("g1", "wecom", f"{chat.url}/g1", grids='["G1"]'))
    for n, (destination, category) in enumerate([("10-2-301", "express"), ("10-1-101", "medicine"),
                                                 ("10-3-502", "express"), ("2-1-101", "express")]):
        shelve(db, site, f"SF10000000004{n:02d}", destination, category)
    code = claim(db, site, building="10", categories=["medicine"])
    [row] = outbox_rows(db)
    assert (row.channel, row.kind, row.dedupe_key, row.state) == ("b10", "run", f"run:b10:{code}", "queued")
    report = worker.deliver_due(db, site, LATER)
    assert report.sent == 1
    assert chat.texts() == ["**10号楼 配送员已出发 09:40**\n"
                            "本趟配送：药品 1 件，共 1 件\n"
                            "需核验签收：药品 1 件，请准备领取码或手机尾号\n"
                            "请留意敲门或电话；家中无人的物品会带回大门。\n"
                            "仍在站点待送：快递 2 件"]
    code = claim(db, site, grid="G1")  # building 2's item: the grid group hears, building 10's does not
    rows = outbox_rows(db)
    assert [r.channel for r in rows] == ["b10", "g1"] and rows[1].dedupe_key == f"run:g1:{code}"
    assert rows[1].subject == "2号楼 配送员已出发 09:40"
    assert rows[1].body.startswith("本趟配送：快递 1 件，共 1 件")


def test_a_claim_that_fails_queues_nothing(db, chat):
    site = use_site(db, robot("b10", "wecom", f"{chat.url}/b10", buildings="10"))
    with pytest.raises(NotFound):
        claim(db, site, building="10")
    assert outbox_rows(db) == []


def test_a_site_without_channels_claims_as_before(db):
    site = use_site(db, "")
    shelve(db, site, "SF1000000000501", "10-2-301")
    assert claim(db, site, building="10")
    assert outbox_rows(db) == []
