"""/admin: coordinators only, same-site only; a bad site file or roster row changes nothing."""

from __future__ import annotations

import hashlib
import io
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select

from station.accounts.models import ApiToken, User, WebSession
from station.app import create_app
from station.config import Settings
from station.db import utcnow
from station.residents.models import Household
from station.siteconfig.models import SiteVersion
from station.siteconfig.service import current_site
from tests.parcels.helpers import intake
from tests.support import DEMO, ORIGIN, bearer, signed_in_client

SMALL = (DEMO / "small.toml").read_text(encoding="utf-8")
PAGES = ["/admin", "/admin/site", "/admin/roster", "/admin/users", "/admin/gates"]
POSTS = [("/admin/site/check", {"toml": SMALL}), ("/admin/site/apply", {"toml": SMALL, "digest": "x"}),
         ("/admin/users", {"name": "eve", "role": "coordinator", "password": "long-enough-9"}),
         ("/admin/users/gate1/disable", {}), ("/admin/users/gate1/token", {"label": "phone"})]


@pytest.fixture
def app(db):
    return create_app(Settings(database_url=db.url), db=db)




@pytest.fixture
def lead(app):
    with signed_in_client(app, "lead") as client:
        yield client


def count(db, column, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(column)).where(*where))


def state(db):
    """What the admin pages can change, to show a refused request changed nothing."""
    with db.read() as session:
        return (session.scalar(select(func.max(SiteVersion.id))),
                sorted((u.name, u.role, u.active) for u in session.scalars(select(User))),
                session.scalar(select(func.count(ApiToken.id))),
                sorted((h.building, h.unit, h.room, h.name, h.phone) for h in session.scalars(select(Household))))


def form_fields(html: str) -> dict[str, str]:
    """The confirm form's fields, as the browser would post them back."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    fields["toml"] = unescape(re.search(r'<textarea name="toml" hidden readonly>(.*?)</textarea>', html, re.S)[1])
    return {key: unescape(value) for key, value in fields.items()}


@pytest.mark.parametrize("name", ["gate1", "runner1", "disinfect1"])
def test_volunteers_who_are_not_coordinators_get_403(app, db, name):
    before = state(db)
    with TestClient(app, follow_redirects=False, headers=bearer(name)) as client:
        for path in PAGES:
            assert client.get(path).status_code == 403, path
        for path, data in POSTS:
            assert client.post(path, data=data).status_code == 403, path
    with signed_in_client(app, name) as client:
        assert client.get("/admin").status_code == 403
        assert "coordinator" in client.get("/admin", params={"lang": "en"}).text
    assert state(db) == before


def test_strangers_are_sent_to_sign_in(app):
    with TestClient(app, follow_redirects=False) as client:
        for path in PAGES:
            answer = client.get(path)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_coordinators_see_every_page(lead):
    for path in PAGES:
        assert lead.get(path).status_code == 200, path


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                                     {}])
def test_a_cross_site_post_is_refused_and_changes_nothing(lead, db, headers):
    before = state(db)
    for path, data in POSTS:
        answer = lead.post(path, data=data, headers=headers)
        assert answer.status_code == 403, path
    assert state(db) == before


@pytest.mark.parametrize("toml, key, expected", [
    ('[site]\nname = "x"\n[[gates]\n', "(file)", "valid TOML"),
    (SMALL.replace('windows = ["08:00-12:00"]', 'windows = ["12:00-08:00"]'), "categories[2].windows[0]",
     "a window that ends after it starts"),
    (SMALL.replace('code = "UNRES"', 'code = "HOLD"'), "zones", 'exactly one zone with code = "UNRES"'),
    ("", "(file)", "a site file"),
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "(file)", "nested a few levels deep"),
])
def test_a_bad_site_file_shows_where_and_why_and_changes_nothing(lead, db, toml, key, expected):
    before = state(db)
    page = lead.post("/admin/site/check", data={"toml": toml}, params={"lang": "en"}, headers=ORIGIN)
    assert page.status_code == 422
    assert "This site file cannot be used" in page.text
    assert f"<dd>{unescape(key)}</dd>" in unescape(page.text) and expected in unescape(page.text)
    assert "Use this site" not in page.text
    # posting it to apply directly is refused as well
    answer = lead.post("/admin/site/apply", data={"toml": toml, "digest": "0" * 64}, headers=ORIGIN)
    assert answer.status_code == 422
    assert state(db) == before


def test_an_uploaded_site_file_is_summarised_then_used_only_when_confirmed(lead, db):
    east = '\n\n[[gates]]\ncode = "east"\nname = "东门 East gate"'
    new = SMALL.replace('name = "大门 Main gate"', 'name = "大门 Main gate"' + east, 1)
    new = new.replace('windows = ["14:00-21:00"]', 'windows = ["13:00-21:00"]', 1)
    before = state(db)
    page = lead.post("/admin/site/check", files={"file": ("compound.toml", new.encode("utf-8"), "text/plain")},
                     params={"lang": "en"}, headers=ORIGIN)
    assert page.status_code == 200 and "Use this site" in page.text
    assert re.search(r"gates</th><td>1</td><td>2 <span", page.text) and "east" in page.text
    assert "13:00-21:00" in page.text
    assert state(db) == before  # a check stores nothing
    fields = form_fields(page.text)
    assert fields["source"] == "compound.toml"
    # the file is tampered with between check and confirm: refused
    tampered = lead.post("/admin/site/apply", data={**fields, "toml": fields["toml"] + "\n# x"}, headers=ORIGIN)
    assert tampered.status_code == 422 and state(db) == before
    applied = lead.post("/admin/site/apply", data=fields, headers=ORIGIN)
    assert applied.status_code == 303 and applied.headers["location"] == "/admin/site?applied=1"
    with db.read() as session:
        site = current_site(session)
        stored = session.scalars(select(SiteVersion).order_by(SiteVersion.id.desc())).first()
    assert site.gate_codes() == {"main", "east"} and stored.loaded_by == "lead" and stored.source == "compound.toml"
    assert stored.toml == new
    assert lead.app.state.sites.current().gate_codes() == {"main", "east"}  # in use from the next request
    # the same confirmation posted twice: the site changed since, so it is refused
    again = lead.post("/admin/site/apply", data=fields, headers=ORIGIN)
    assert again.status_code == 409 and count(db, SiteVersion.id) == before[0] + 1


def test_a_site_file_that_strands_items_here_is_refused(lead, db):
    intake(db, "SF1234567890123", "20-1-101")
    smaller = SMALL.replace('ids = "9-20"', 'ids = "9-19"').replace('buildings = "17-20"', 'buildings = "17-19"')
    before = state(db)
    page = lead.post("/admin/site/check", data={"toml": smaller}, params={"lang": "en"}, headers=ORIGIN)
    assert page.status_code == 422 and "Use this site" not in page.text
    assert "zone B20 holds 1 item(s)" in page.text and "building 20" in page.text
    fields = {"toml": smaller, "digest": hashlib.sha256(smaller.encode()).hexdigest(),
              "base_version": str(before[0])}
    answer = lead.post("/admin/site/apply", data=fields, headers=ORIGIN)
    assert answer.status_code == 409 and state(db) == before


def test_the_site_check_says_what_a_new_file_strands_in_chinese(lead, db):
    intake(db, "SF1234567890123", "20-1-101")
    in_20 = count(db, Household.id, Household.building == "20")
    smaller = SMALL.replace('ids = "9-20"', 'ids = "9-19"').replace('buildings = "17-20"', 'buildings = "17-19"')
    page = unescape(lead.post("/admin/site/check", data={"toml": smaller}, params={"lang": "zh_CN"},
                              headers=ORIGIN).text)
    assert "1 件物品在等 20 栋，但新文件里没有 20 栋" in page
    assert "区域 B20 放着 1 件物品，但新文件里没有区域 B20" in page
    assert in_20 and f"名册中有 {in_20} 户住在新文件里没有的房间" in page
    assert "item(s)" not in page and "household(s)" not in page


def roster_xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_a_roster_upload_imports_good_rows_and_reports_bad_ones(lead, db):
    households = count(db, Household.id)
    csv_text = ("楼栋,单元,房号,姓名,电话,关怀\n"
                "3,1,101,王芳,13812345678,独居老人\n"
                "99,1,101,李四,13912345678,\n"
                "3,9,101,张三,,\n"
                "3,1,101,王芳,13812345678,\n"
                "3,1,102,赵六,123,\n")
    page = lead.post("/admin/roster", files={"file": ("roster.csv", csv_text.encode("gb18030"), "text/csv")},
                     params={"lang": "en"}, headers=ORIGIN)
    assert page.status_code == 200
    assert "0 added, 1 updated, 0 unchanged, 4 rejected" in page.text
    for row, reason in ((3, "there is no building 99"), (4, "building 3 has no unit 9"),
                        (5, "already on row 2"), (6, "is not a mobile number")):
        assert re.search(rf"<td>{row}</td><td>[^<]*{re.escape(reason)}", unescape(page.text)), (row, reason)
    chinese = lead.post("/admin/roster", files={"file": ("roster.csv", csv_text.encode("gb18030"), "text/csv")},
                        params={"lang": "zh_CN"}, headers=ORIGIN)
    assert "新增 0，更新 0，未变 1，拒绝 4" in chinese.text
    rows = dict(re.findall(r"<td>(\d+)</td><td>([^<]*)</td>", unescape(chinese.text)))
    assert rows == {"3": "本小区没有 99 栋", "4": "3 栋没有 9 单元（只有 1-4 单元）",
                    "5": "房号 3-1-101 已在第 2 行出现", "6": "电话“123”不是手机号（11 位）或固定电话"}
    with db.read() as session:
        home = session.scalars(select(Household).where(Household.building == "3", Household.unit == 1,
                                                       Household.room == "101")).one()
    assert (home.name, home.phone, home.elderly_alone) == ("王芳", "13812345678", True)
    assert count(db, Household.id) == households


def test_an_xlsx_roster_is_read_too(lead, db):
    data = roster_xlsx([["building", "unit", "room", "name", "phone", "care"],
                        ["3", 1, 101, "Wang", "13812345678", "pregnant"], ["3", 1, "bad", "X", "", ""]])
    page = lead.post("/admin/roster", files={"file": ("roster.xlsx", data, "application/octet-stream")},
                     params={"lang": "en"}, headers=ORIGIN)
    assert page.status_code == 200 and "1 rejected" in page.text and "<td>3</td>" in page.text
    with db.read() as session:
        assert session.scalars(select(Household.pregnant).where(
            Household.building == "3", Household.unit == 1, Household.room == "101")).one() is True


@pytest.mark.parametrize("filename, content, words", [
    ("roster.pdf", b"%PDF-1.4", "ending in .csv or .xlsx"),
    ("roster.csv", b"", "is empty"),
    ("roster.csv", "姓名,电话\n王芳,13812345678\n".encode(), "needs columns building, unit, room"),
    ("roster.xlsx", b"not a zip at all", "could not be read as XLSX"),
    ("roster.csv", b"building,unit,room,name\n10,2,301," + b"x" * 200_000 + b"\n", "not a readable CSV"),
    ("roster.csv", b"building,unit,room,name\n10,2,301," + b"x" * 600 + b"\n", "longer than 500 characters"),
    ("roster.csv", b"building,unit,room\n" + b"10,2,301\n" * 30_001, "more than 30000 rows"),
])
def test_a_roster_file_that_cannot_be_read_changes_nothing(lead, db, filename, content, words):
    before = state(db)
    page = lead.post("/admin/roster", files={"file": (filename, content, "application/octet-stream")},
                     params={"lang": "en"}, headers=ORIGIN)
    assert page.status_code == 422 and words in page.text and "Nothing was imported" in page.text
    assert state(db) == before


def test_volunteers_are_added_disabled_and_given_device_tokens(app, lead, db):
    added = lead.post("/admin/users", data={"name": "wang", "role": "runner", "password": "stairs-all-day-7"},
                      headers=ORIGIN)
    assert added.status_code == 303
    with db.read() as session:
        wang = session.scalars(select(User).where(User.name == "wang")).one()
    assert (wang.role, wang.active) == ("runner", True)
    twice = lead.post("/admin/users", data={"name": "wang", "role": "gate", "password": "stairs-all-day-7"},
                      params={"lang": "en"}, headers=ORIGIN)
    assert twice.status_code == 409 and "already a volunteer called wang" in twice.text
    weak = lead.post("/admin/users", data={"name": "li", "role": "gate", "password": "12345678"},
                     params={"lang": "en"}, headers=ORIGIN)
    assert weak.status_code == 422 and count(db, User.id) == 5

    shown = lead.post("/admin/users/wang/token", data={"label": "runner phone"}, headers=ORIGIN)
    secret = re.search(r'<p class="secret"><code>(st_[\w-]+)</code>', shown.text)[1]
    assert shown.headers["cache-control"] == "no-store"
    assert secret not in lead.get("/admin/users").text  # shown once
    with TestClient(app, headers={"Authorization": f"Bearer {secret}"}) as device:
        assert device.get("/api/v1/parcels/X").status_code == 404  # the token works

    with signed_in_client(app, "gate1") as gate:
        assert gate.get("/gate").status_code == 200
        disabled = lead.post("/admin/users/gate1/disable", headers=ORIGIN)
        assert disabled.status_code == 303
        assert gate.get("/gate").status_code == 303  # the session ended
    with TestClient(app, headers=bearer("gate1")) as device:
        assert device.get("/api/v1/parcels/X").status_code == 401  # and the tokens stopped
    with db.read() as session:
        gate1 = session.scalars(select(User).where(User.name == "gate1")).one()
        assert not gate1.active
        assert session.scalar(select(func.count(WebSession.token_hash)).where(
            WebSession.user_id == gate1.id, WebSession.ended_at.is_(None))) == 0


def test_a_coordinator_cannot_disable_themselves(lead, db):
    before = state(db)
    answer = lead.post("/admin/users/lead/disable", params={"lang": "en"}, headers=ORIGIN)
    assert answer.status_code == 403 and "your own account" in answer.text
    assert state(db) == before


def test_the_gates_page_lists_the_sites_gates_with_todays_intakes(lead, db):
    intake(db, "SF1234567890123", "10-2-301", now=utcnow())
    page = lead.get("/admin/gates", params={"lang": "en"})
    assert "<code>main</code>" in page.text and "大门 Main gate" in page.text
    assert re.search(r"Main gate</td><td>1</td>", page.text)


def test_channel_secrets_go_to_the_secrets_file_not_the_database_nor_the_page(db, tmp_path):
    secrets_file = tmp_path / "secrets.env"
    app = create_app(Settings(database_url=db.url, secrets_file=secrets_file), db=db)
    channel = ('\n[[channels]]\ncode = "g1"\nkind = "dingtalk"\ngrids = ["G1"]\n'
               'url = "https://oapi.dingtalk.com/robot/send?access_token=t0ken"\nsecret = "SEC-robot"\n')
    with signed_in_client(app, "lead") as lead:
        page = lead.post("/admin/site/check", data={"toml": SMALL + channel}, headers=ORIGIN)
        assert lead.post("/admin/site/apply", data=form_fields(page.text), headers=ORIGIN).status_code == 303
        shown = lead.get("/admin/site").text
    with db.read() as session:
        stored = session.scalars(select(SiteVersion).order_by(SiteVersion.id.desc())).first().toml
    for secret in ("t0ken", "SEC-robot"):
        assert secret not in stored and secret not in shown
    assert '"${STATION_CHANNEL_G1_SECRET}"' in stored
    assert secrets_file.read_text() == ("STATION_CHANNEL_G1_SECRET=SEC-robot\n"
                                        "STATION_CHANNEL_G1_URL=https://oapi.dingtalk.com/robot/send?access_token=t0ken\n")
    assert oct(secrets_file.stat().st_mode)[-3:] == "600"
