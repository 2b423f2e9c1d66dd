"""What the station says back reads in the reader's language: every catalogued message in Chinese, the
refusals a volunteer meets on the Chinese pages, and the API in English or Chinese with one `code`."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest

import station.app  # noqa: F401  (imports every part of the station, so the catalogue is complete)
from station.catalogue import CATALOGUE, Message
from station.custody import states
from station.errors import InvalidTransition
from station.web.i18n import catalog
from tests.gate.test_gate_pages_web import app, coordinator, disinfector, take_in  # noqa: F401
from tests.support import ORIGIN, bearer, signed_in_client
from tests.web.test_catalogue_complete import placeholders

# Three English words in a row: a sentence the catalogue did not translate.
ENGLISH = re.compile(r"[A-Za-z]+(?:[\s,;:()'-]+[A-Za-z]+){2,}")
ERROR_BANNER = re.compile(r'<p[^>]*role="alert"[^>]*>(.*?)</p>|<p class="error">(.*?)</p>', re.S)
EN, ZH = {"Accept-Language": "en"}, {"Accept-Language": "zh-CN,zh;q=0.9"}


def zh(text: str) -> str:
    return catalog("zh_CN").get(text, text)


def banners(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", "".join(found))).strip() for found in ERROR_BANNER.findall(page)]


@pytest.mark.parametrize("message", sorted(CATALOGUE.values(), key=lambda m: m.code), ids=lambda m: m.code)
def test_every_catalogued_message_reads_in_chinese(message: Message):
    said = message(**{name: "甲" for name in placeholders(message.text)})
    chinese = said.render(zh, "zh_CN")
    assert not ENGLISH.search(re.sub(r"`[^`]*`", "", chinese)), chinese  # a command to type stays as it is
    assert said.render() == message.text.format(**{name: "甲" for name in placeholders(message.text)})


def test_a_dwell_end_is_said_in_site_time_without_a_zone():
    until = datetime(2026, 11, 27, 14, 20, tzinfo=UTC)  # 22:20 in Shanghai
    with pytest.raises(InvalidTransition) as refused:
        states.check_release(event_type=states.PICKED_UP, now=until.replace(hour=14, minute=0),
                             dwell_until=until, category="express", verification={"method": "x"},
                             timezone="Asia/Shanghai")
    assert refused.value.code == "custody.in_dwell"
    assert "22:20" in refused.value.message and "UTC" not in refused.value.message
    assert refused.value.translated(zh, "zh_CN").startswith("消杀静置到 22:20")


def test_the_unres_label_says_why_in_the_readers_language(db):
    from station.labelling import parcel_label
    from station.parcels.service import get_parcel
    from station.siteconfig.service import current_site
    from station.web.i18n import current_locale
    from tests.parcels.helpers import intake

    intake(db, "SF1000000000001", None)
    with db.read() as session:
        parcel, site = get_parcel(session, "SF1000000000001"), current_site(session)
        assert parcel_label(parcel, site, None).destination == "未填写去向"  # the station's default language
        token = current_locale.set("en")
        try:
            assert parcel_label(parcel, site, None).destination == "no destination given"
        finally:
            current_locale.reset(token)


# -- the API: English or Chinese, one code ------------------------------------------------------

def _answers(client, method: str, path: str, **kwargs) -> tuple[dict, dict]:
    headers = kwargs.pop("headers", {})
    english = client.request(method, path, headers=headers | EN, **kwargs)
    chinese = client.request(method, path, headers=headers | ZH, **kwargs)
    assert english.status_code == chinese.status_code >= 400
    return english.json(), chinese.json()


def _same_code_two_languages(english: dict, chinese: dict, code: str) -> None:
    assert english["code"] == chinese["code"] == code
    assert ENGLISH.search(english["detail"]), english
    assert not ENGLISH.search(chinese["detail"]), chinese
    assert set(english) == set(chinese)


@pytest.mark.parametrize("path, body, code", [
    ("/api/v1/intake", {"scan": "SF1234567890123", "destination": "12-5-301"}, "gate.destination_problem"),
    ("/api/v1/intake", {"scan": "SF1234567890123", "destination": "10-2-301", "gate": "nope"}, "site.no_gate"),
    ("/api/v1/intake", {"scan": "SF1234567890123", "category": "nope"}, "request.invalid"),
    ("/api/v1/pickups/lookup", {"code": "7K3QX2"}, "pickup.nothing_waits"),
    ("/api/v1/runs", {"building": "99"}, "runs.no_such_building"),
    ("/api/v1/runs", {"building": "10"}, "runs.nothing_to_deliver"),
    ("/api/v1/runs", {"building": "10", "grid": "G1"}, "runs.building_or_grid"),
])
def test_the_api_answers_in_the_asked_language_with_one_code(client, path, body, code):
    english, chinese = _answers(client, "POST", path, json=body)
    _same_code_two_languages(english, chinese, code)


def test_a_refusal_keeps_its_other_fields(client):
    english, chinese = _answers(client, "POST", "/api/v1/intake", json={"scan": "SF1234567890123",
                                                                        "destination": "12-5-301"})
    assert english["field"] == chinese["field"] == "destination"
    assert english["detail"] == "destination 12-5-301: building 12 has no unit 5 (units 1-3)"
    assert chinese["detail"] == "去向 12-5-301：12 栋没有 5 单元（只有 1-3 单元）"


@pytest.mark.parametrize("typed, english, chinese", [
    ("10栋2单元31", "room '31' is not a floor-and-door number such as 301", "房号“31”不是“楼层+门牌”的写法，例如 301"),
    ("10栋2单元301 10栋3单元302", "two units given: 2 and 3", "写了两个单元：2 和 3"),
    ("10栋 2-301-5", "cannot tell which of 2, 301, 5 is the building, unit and room", "分不清 2、301、5 哪个是楼栋、单元、房号"),
])
def test_a_destination_the_recogniser_refuses_is_said_in_the_asked_language(client, typed, english, chinese):
    en, zh_ = _answers(client, "POST", "/api/v1/intake", json={"scan": "SF1234567890123", "destination": typed})
    _same_code_two_languages(en, zh_, "gate.destination_problem")
    assert en["field"] == zh_["field"] == "destination"
    assert en["detail"] == f"destination {typed}: {english}"
    assert zh_["detail"] == f"去向 {typed}：{chinese}"


def test_a_closed_hand_over_refuses_in_both_languages(client):
    handover = client.post("/api/v1/handovers", json={"courier_name": "顺丰 张师傅"}).json()["id"]
    assert client.post(f"/gate/handover/{handover}/close", headers=ORIGIN, follow_redirects=False).status_code == 303
    english, chinese = _answers(client, "POST", f"/api/v1/handovers/{handover}/scans", json={"scan": "SF1234567890123"})
    _same_code_two_languages(english, chinese, "handover.closed")
    assert "UTC" not in english["detail"]


def test_a_role_refusal_names_the_roles_in_the_asked_language(client):
    english, chinese = _answers(client, "POST", "/api/v1/intake", json={"scan": "SF1234567890123"},
                                headers=bearer("runner1"))
    _same_code_two_languages(english, chinese, "accounts.not_permitted")
    assert "协调员" in chinese["detail"] and "runner" in english["detail"]


# -- the Chinese pages --------------------------------------------------------------------------

def _reads_in_chinese(page, code: str) -> None:
    shown = banners(page.text)
    assert shown, f"no error shown for {code}"
    for text in shown:
        assert not ENGLISH.search(text), f"{code}: {text}"
        assert re.search(r"[\u4e00-\u9fff]", text), f"{code}: {text}"


def test_disinfection_page_refusals_read_in_chinese(db, disinfector):
    take_in(db, "SF1000000000001")
    page = disinfector.post("/disinfect", headers=ORIGIN, data={"codes": "SF1000000000001", "method": "steam"})
    assert page.status_code == 422
    _reads_in_chinese(page, "parcel.no_such_method")
    page = disinfector.get("/disinfect", params={"gate": "main", "since": "25:00"})
    _reads_in_chinese(page, "disinfection.not_a_time")


def test_unresolved_page_refuses_in_chinese_and_takes_what_the_gate_takes(db, coordinator):
    code = take_in(db, "SF1000000000001", destination=None)
    page = coordinator.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "12-5-301"})
    assert page.status_code == 422
    _reads_in_chinese(page, "gate.destination_problem")
    done = coordinator.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "10栋2单元301"})
    assert done.status_code == 303


def test_unresolved_page_says_why_the_recogniser_refuses_a_room_in_chinese(db, coordinator):
    code = take_in(db, "SF1000000000001", destination=None)
    page = coordinator.post(f"/gate/unresolved/{code}", headers=ORIGIN, data={"destination": "10栋2单元31"})
    assert page.status_code == 422
    _reads_in_chinese(page, "gate.destination_problem")
    assert "去向 10栋2单元31：房号“31”不是“楼层+门牌”的写法，例如 301" in banners(page.text)
    english = coordinator.post(f"/gate/unresolved/{code}?lang=en", headers=ORIGIN, data={"destination": "10栋2单元31"})
    assert "destination 10栋2单元31: room '31' is not a floor-and-door number such as 301" in banners(english.text)


def test_runs_board_refusals_read_in_chinese(app):
    with signed_in_client(app, "runner1") as runner:
        for building, code in (("99", "runs.no_such_building"), ("10", "runs.nothing_to_deliver")):
            page = runner.post("/runs/claim", headers=ORIGIN, data={"building": building})
            assert page.status_code >= 400
            _reads_in_chinese(page, code)


def test_admin_page_refusals_read_in_chinese(coordinator):
    page = coordinator.post("/admin/users", headers=ORIGIN, data={"name": "new1", "role": "gate", "password": "ab"})
    assert page.status_code == 422
    _reads_in_chinese(page, "accounts.password_short")
    page = coordinator.post("/admin/roster", headers=ORIGIN, files={"file": ("roster.txt", b"x")})
    assert page.status_code == 422
    _reads_in_chinese(page, "admin.roster_file_kind")
    page = coordinator.post("/admin/users/lead/disable", headers=ORIGIN)
    assert page.status_code == 403
    _reads_in_chinese(page, "admin.own_account")


def test_hand_over_page_refusal_reads_in_chinese(coordinator):
    page = coordinator.post("/gate/handover", headers=ORIGIN, data={"courier_name": " "})
    assert page.status_code == 422
    _reads_in_chinese(page, "handover.courier_needed")
