"""Device tokens are remembered for a moment; a change to a volunteer or a token forgets them at once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import event, select

from station.accounts import service
from station.accounts.models import ApiToken
from station.accounts.token_cache import TokenCache, generation
from station.app import create_app
from station.config import Settings
from tests.support import NOW, TOKENS, bearer


def looked_up(db, secret: str):
    with db.read() as session:
        return service.live_token(session, secret=secret)


def test_a_token_is_remembered_for_the_ttl_only(db):
    clock = [100.0]
    cache = TokenCache(ttl=1.0, clock=lambda: clock[0])
    secret = TOKENS["gate1"]
    cache.put(secret, looked_up(db, secret), generation=generation())
    clock[0] += 0.9
    assert cache.get(secret).user == "gate1"
    assert cache.get("st_another") is None
    clock[0] += 0.2
    assert cache.get(secret) is None


def test_revoking_or_disabling_forgets_every_token_at_once_and_a_touch_does_not(db):
    cache = TokenCache(ttl=3600)
    gate, runner = TOKENS["gate1"], TOKENS["runner1"]
    for secret in (gate, runner):
        cache.put(secret, looked_up(db, secret), generation=generation())
    token_id = looked_up(db, gate).token_id
    db.write(lambda s: service.touch_token(s, token_id=token_id, now=NOW))
    assert cache.get(gate) is not None and cache.get(runner) is not None

    db.write(lambda s: service.revoke_token(s, token_id=token_id, now=NOW))
    assert cache.get(gate) is None and cache.get(runner) is None
    cache.put(runner, looked_up(db, runner), generation=generation())
    db.write(lambda s: service.disable_user(s, name="runner1", now=NOW))
    assert cache.get(runner) is None


def test_a_lookup_that_raced_a_revocation_is_not_remembered(db):
    cache = TokenCache(ttl=3600)
    secret = TOKENS["gate1"]
    before = generation()
    token = looked_up(db, secret)  # read before the revocation commits ...
    with db.read() as session:
        token_id = session.scalar(select(ApiToken.id).where(ApiToken.token_hash == service.token_hash(secret)))
    db.write(lambda s: service.revoke_token(s, token_id=token_id, now=NOW))
    cache.put(secret, token, generation=before)  # ... and stored after it
    assert cache.get(secret) is None


def test_the_api_asks_the_database_for_a_token_once_while_it_is_remembered(db):
    asked: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("SELECT") and "api_tokens" in statement:
            asked.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with TestClient(create_app(Settings(database_url=db.url), db=db), headers=bearer("gate1")) as gate:
            for _ in range(5):
                assert gate.get("/api/v1/parcels/NOTHING-HERE").status_code == 404
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert len(asked) == 1
