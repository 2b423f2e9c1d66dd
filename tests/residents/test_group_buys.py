"""A group leader's list: bad rows reported with row and reason, good rows routed at the gate."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from station.residents.models import PreRegistration
from tests.support import bearer

LIST = ("房号,物品\n"
        "10-2-301,蔬菜包 x2\n"
        "12-5-301,水果\n"          # no unit 5 in building 12
        "abc,米\n"                 # not a room
        "3栋1单元101室,鸡蛋\n"
        ",面\n"                    # no room
        "10-2-302,<img src=x onerror=alert(1)>\n")


def upload(client, *, data=None, files=None, lang="en"):
    return client.post(f"/residents/group-buys?lang={lang}", data=data or {}, files=files, headers=bearer("lead"))


def stored(db):
    with db.read() as session:
        return {p.tracking_number: (f"{p.building}-{p.unit}-{p.room}", p.category, p.source, p.note and p.note.render())
                for p in session.scalars(select(PreRegistration))}


def test_a_list_with_bad_rows_reports_them_and_routes_the_good_ones(client, db):
    page = upload(client, data={"group_code": "gb-1127", "category": "fresh"},
                  files={"file": ("list.csv", LIST.encode("utf-8"), "text/csv")})
    assert page.status_code == 200, page.text
    text = page.text
    assert "3 rows pre-registered, 0 already were, 3 refused." in text
    assert "<td>3</td><td>room 12-5-301 is not on this site: building 12 has no unit 5 (units 1-3)</td>" in text
    assert "<td>4</td><td>abc is not building-unit-room such as 10-2-301</td>" in text
    assert "<td>6</td><td>the room is missing</td>" in text
    assert "<img src=x" not in text and "&lt;img src=x" in text
    assert stored(db) == {
        "GB1127-2": ("10-2-301", "fresh", "group", "GB1127: 蔬菜包 x2"),
        "GB1127-5": ("3-1-101", "fresh", "group", "GB1127: 鸡蛋"),
        "GB1127-7": ("10-2-302", "fresh", "group", "GB1127: <img src=x onerror=alert(1)>"),
    }
    for row in ("GB1127-2", "GB1127-5", "GB1127-7"):
        assert f'<td class="code">{row}</td>' in text

    # At the gate the bag's code is scanned: the gate is shown its room, and one key confirms it.
    shown = client.post("/api/v1/scan", json={"scan": "GB1127-5", "gate": "main"}).json()["preregistered"]
    assert (shown["destination"], shown["usable"]) == ("3-1-101", True)
    scan = client.post("/api/v1/intake", json={"scan": "GB1127-5", "gate": "main", "destination": shown["destination"]})
    assert scan.status_code == 201
    assert (scan.json()["parcel"]["destination"], scan.json()["parcel"]["zone"]) == ("3-1-101", "FRESH")
    assert scan.json()["preregistered"] | {"phone": ""} == {"destination": "3-1-101", "confirmed": True,
                                                             "problem": None, "phone": ""}

    again = upload(client, data={"group_code": "GB1127", "category": "fresh", "text": LIST})
    assert "0 rows pre-registered, 2 already were, 4 refused." in again.text
    assert "GB1127-5 has already been received at the gate" in again.text
    assert len(stored(db)) == 3


def test_a_lists_refusals_read_in_chinese_on_the_chinese_page(client, db):
    page = upload(client, data={"group_code": "GB1127", "category": "fresh", "text": LIST}, lang="zh_CN")
    assert page.status_code == 200
    refused = dict(re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td></tr>", html.unescape(page.text)))
    assert refused == {"3": "小区没有房号 12-5-301：12 栋没有 5 单元（只有 1-3 单元）",
                       "4": "abc 不是“楼栋-单元-房号”格式（如 10-2-301）", "6": "缺少房号"}
    empty = upload(client, data={"group_code": "GB1", "text": ""}, lang="zh_CN")
    assert empty.status_code == 422 and "名单是空的" in empty.text


def test_a_group_name_gets_a_code_and_rows_may_carry_their_own(client, db):
    page = upload(client, data={"group_name": "3号楼蔬菜团", "category": "fresh",
                                "text": "room,items,code\n10-2-301,菜,JD0001112223\n10-2-302,菜,\n"})
    assert page.status_code == 200
    rows = stored(db)
    assert rows["JD0001112223"][0] == "10-2-301"
    generated = next(number for number in rows if number != "JD0001112223")
    assert generated.startswith("GB") and generated.endswith("-3") and len(generated) == 10
    assert rows[generated][3] == "3号楼蔬菜团: 菜"


def test_a_list_that_cannot_be_read_is_refused_and_changes_nothing(client, db):
    for data, message in (({"category": "fresh", "text": "10-2-301,菜"}, "give the group's code"),
                          ({"group_code": "团购", "text": "10-2-301,菜"}, "2 to 16 letters and digits"),
                          ({"group_code": "GB1", "category": "sofa", "text": "10-2-301,菜"}, "kind of goods"),
                          ({"group_code": "GB1", "text": ""}, "the list is empty"),
                          ({"group_code": "GB1", "text": "items,code\n菜,X1\n"}, "room column")):
        page = upload(client, data=data)
        assert page.status_code == 422 and message in html.unescape(page.text)
    bad_bytes = upload(client, data={"group_code": "GB1"}, files={"file": ("l.csv", b"\xff\xfe\xfa", "text/csv")})
    assert bad_bytes.status_code == 422 and "not UTF-8 or GB18030" in bad_bytes.text
    assert stored(db) == {}


def test_only_a_coordinator_may_send_a_list(client, db):
    refused = client.post("/residents/group-buys", data={"group_code": "GB1", "text": "10-2-301,菜"},
                          headers=bearer("gate1"))
    assert refused.status_code == 403
    anonymous = client.get("/residents/group-buys", headers={"Authorization": ""}, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert stored(db) == {}
    assert "Group-buy list" in client.get("/residents/group-buys?lang=en", headers=bearer("lead")).text



def test_a_list_with_a_field_past_the_csv_limit_is_refused_and_changes_nothing(client, db):
    page = upload(client, data={"group_code": "GB1", "category": "fresh"},
                  files={"file": ("list.csv", b"room,items\n10-2-301," + b"x" * 200_000 + b"\n", "text/csv")})
    assert page.status_code == 422 and "not a readable CSV" in page.text
    assert not stored(db)
