from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from station.accounts import service
from station.app import create_app
from station.config import Settings
from station.errors import InvalidInput, Unauthorized
from tests.support import EN, NOW, PASSWORD, TOKENS, bearer

ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture
def browser(db):
    """A client without a device token, as a volunteer's browser."""
    app = create_app(Settings(database_url=db.url), db=db)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def sign_in(browser, name="gate1", password=PASSWORD):
    return browser.post("/login", data={"name": name, "password": password, "next": "/gate"},
                        headers=ORIGIN)


def test_sign_in_sets_a_fresh_session_and_sign_out_ends_it(browser):
    assert browser.get("/api/v1/parcels/X").status_code == 401
    first = sign_in(browser)
    assert first.status_code == 303
    cookie = first.cookies["station_session"]
    assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=strict" in first.headers["set-cookie"]
    assert browser.get("/api/v1/parcels/X").status_code == 404  # signed in: reaches the handler
    second = sign_in(browser)
    assert second.cookies["station_session"] != cookie
    browser.post("/logout", headers=ORIGIN)
    browser.cookies.set("station_session", second.cookies["station_session"])
    assert browser.get("/api/v1/parcels/X").status_code == 401


def test_unknown_name_and_wrong_password_get_the_same_answer(browser):
    unknown = sign_in(browser, name="nobody", password="whatever-1234")
    wrong = sign_in(browser, name="gate1", password="whatever-1234")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.text.replace("nobody", "") == wrong.text.replace("gate1", "")


def test_sign_in_attempts_are_limited_before_the_password_is_checked(browser):
    for _ in range(10):
        sign_in(browser, name="gate1", password="not-it-1234")
    limited = sign_in(browser)  # the right password, too late
    assert limited.status_code == 429


def test_sessions_expire_when_idle_and_after_a_shift(db):
    new = db.write(lambda s: service.sign_in(s, name="gate1", password=PASSWORD, now=NOW,
                                             idle=timedelta(minutes=60), shift=timedelta(hours=12)))
    with db.read() as s:
        assert service.session_user(s, token=new.token, now=NOW + timedelta(minutes=59),
                                    idle=timedelta(minutes=60)) is not None
        assert service.session_user(s, token=new.token, now=NOW + timedelta(minutes=61),
                                    idle=timedelta(minutes=60)) is None
    for hour in range(1, 12):
        db.write(lambda s: service.touch_session(s, token_hash_value=service.token_hash(new.token),
                                                 now=NOW + timedelta(hours=hour)))
    with db.read() as s:
        assert service.session_user(s, token=new.token, now=NOW + timedelta(hours=12, minutes=1),
                                    idle=timedelta(minutes=60)) is None


def test_disabling_a_volunteer_ends_sessions_and_tokens(db, browser):
    sign_in(browser)
    assert browser.get("/api/v1/parcels/X").status_code == 404
    db.write(lambda s: service.disable_user(s, name="gate1", now=NOW))
    assert browser.get("/api/v1/parcels/X").status_code == 401
    assert browser.get("/api/v1/parcels/X", headers=bearer("gate1")).status_code == 401
    with pytest.raises(Unauthorized):
        db.write(lambda s: service.sign_in(s, name="gate1", password=PASSWORD, now=NOW,
                                           idle=timedelta(hours=1), shift=timedelta(hours=12)))


def test_a_revoked_token_stops_working(db, browser):
    token, secret = db.write(lambda s: service.create_token(s, name="runner1", label="phone", now=NOW))
    assert browser.get("/api/v1/parcels/X", headers={"Authorization": f"Bearer {secret}"}).status_code == 404
    db.write(lambda s: service.revoke_token(s, token_id=token.id, now=NOW))
    assert browser.get("/api/v1/parcels/X", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    with db.read() as s:
        assert secret not in {row.token_hash for row in s.query(service.ApiToken)}


def test_roles_are_enforced(browser):
    body = {"scan": "SF1234567890123", "destination": "10-2-301"}
    runner = browser.post("/api/v1/intake", json=body, headers=bearer("runner1") | EN)
    assert runner.status_code == 403
    assert "needs: coordinator, gate" in runner.json()["detail"]
    assert runner.json()["code"] == "accounts.not_permitted"
    assert browser.post("/api/v1/intake", json=body, headers=bearer("gate1")).status_code == 201
    note = {"note": "fixed"}
    assert browser.post("/api/v1/parcels/SF1234567890123/resolve", json=note,
                        headers=bearer("gate1")).status_code == 403


def test_every_custody_event_names_the_volunteer(browser):
    browser.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301"},
                 headers=bearer("gate1"))
    events = browser.get("/api/v1/parcels/SF1234567890123", headers=bearer("lead")).json()["events"]
    assert events[0]["actor"] == "gate1"


@pytest.mark.parametrize("password", ["123456", "password1", "woaini1314", "short", "gate1gate1"[:5], "aaaaaaaaaa"])
def test_weak_passwords_are_refused(db, password):
    with pytest.raises(InvalidInput):
        db.write(lambda s: service.add_user(s, name="newbie", role="gate", password=password, now=NOW))


def test_passwords_are_stored_hashed(db):
    from sqlalchemy import select

    from station.accounts.models import User

    with db.read() as s:
        stored = s.scalars(select(User.password_hash).where(User.name == "gate1")).one()
    assert stored.startswith("$argon2") and PASSWORD not in stored


def test_tokens_are_stored_hashed(db):
    from sqlalchemy import select

    from station.accounts.models import ApiToken

    with db.read() as s:
        hashes = set(s.scalars(select(ApiToken.token_hash)))
    assert TOKENS["gate1"] not in hashes
    assert service.token_hash(TOKENS["gate1"]) in hashes


def test_a_right_password_from_another_address_still_signs_in(db):
    app = create_app(Settings(database_url=db.url), db=db)
    with TestClient(app, follow_redirects=False, client=("10.8.0.1", 5000)) as guesser, \
            TestClient(app, follow_redirects=False, client=("10.8.0.2", 5000)) as volunteer:
        for _ in range(6):
            sign_in(guesser, password="not-it-1234")
        assert sign_in(guesser).status_code == 429
        assert sign_in(volunteer).status_code == 303


def test_each_wrong_password_past_the_limit_doubles_the_wait(db):
    from station.limits import service as limits
    from station.limits.rules import sign_in_keys

    keys = sign_in_keys("gate1", "10.8.0.3")
    waits = []
    for n in range(8):
        at = NOW + timedelta(seconds=n)
        db.write(lambda s: limits.record_failure(s, [key for key, _ in keys], now=at))
        with db.read() as session:
            waits.append(limits.wait(session, keys, now=at))
    assert waits[:4] == [None] * 4
    assert [round(w) for w in waits[4:]] == [30, 60, 120, 240]


def test_a_coordinator_sees_who_is_held_and_lifts_it(db):
    app = create_app(Settings(database_url=db.url), db=db)
    with TestClient(app, follow_redirects=False, client=("10.8.0.4", 5000)) as guesser:
        for _ in range(5):
            sign_in(guesser, name="runner1", password="not-it-1234")
        assert sign_in(guesser, name="runner1").status_code == 429
        with TestClient(app, headers=bearer("lead")) as lead:
            page = lead.get("/admin", params={"lang": "en"})
            assert "Held after too many wrong attempts" in page.text and "runner1 @ 10.8.0.4" in page.text
            lifted = lead.post("/admin/locks/lift", data={"key": "login:runner1|10.8.0.4"}, headers=ORIGIN,
                               follow_redirects=False)
            assert lifted.status_code == 303
            assert "runner1 @ 10.8.0.4" not in lead.get("/admin", params={"lang": "en"}).text
            assert lead.post("/admin/locks/lift", data={"key": "parcel:1"}, headers=ORIGIN).status_code == 422
        assert sign_in(guesser, name="runner1").status_code == 303


@pytest.mark.parametrize("name, start", [("gate1", "/gate"), ("disinfect1", "/disinfect"), ("runner1", "/runs"),
                                         ("lead", "/gate")])
def test_each_role_starts_on_a_page_it_may_open(db, name, start):
    app = create_app(Settings(database_url=db.url), db=db)
    with TestClient(app, follow_redirects=False) as browser:
        signed_in = browser.post("/login", data={"name": name, "password": PASSWORD}, headers=ORIGIN)
        assert signed_in.headers["location"] == start
        assert browser.get("/").headers["location"] == start
        assert browser.get(start).status_code == 200
