"""The floors under intake's figures: the station's own app with two bench routes beside intake.

Both take intake's request as intake does (its JSON body, the device token, the site, the
settings, the Idempotency-Key header) and answer 201 with a short JSON body:
- `/api/v1/bench/no-write` touches no database: what the web framework costs such a request;
- `/api/v1/bench/one-row` also writes one row, the Idempotency-Key row every intake writes, in a
  durable transaction of the station's write path (group commit on SQLite): the cheapest
  intake this architecture could have.
Their throughput beside /healthz bounds what intake could reach. The rows are removed by
`forget_rows` after the run.

python -m station.bench.floor --db URL --port N serves it as `station serve` would.
"""

from __future__ import annotations

from typing import Annotated

import click
from fastapi import APIRouter, FastAPI, Header
from fastapi.responses import JSONResponse
from sqlalchemy import delete

from station.config import Settings
from station.db import Database, utcnow
from station.parcels import statements
from station.parcels.idempotency import digest
from station.parcels.models import IdempotencyKey
from station.parcels.schemas import IntakeIn
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SettingsDep, SiteDep

ENDPOINT = "bench-floor"  # the rows one-row writes, so they can be told apart and removed
router = APIRouter(prefix="/api/v1/bench", include_in_schema=False)  # answered as the API is


def _answer(body: IntakeIn) -> dict:
    return {"parcel": None, "duplicate": False, "message": f"{body.scan} measured, not recorded"}


@router.post("/no-write", status_code=201)
def no_write(body: IntakeIn, _db: DbDep, _site: SiteDep, _settings: SettingsDep,
             _actor: Annotated[Actor, Allowed("parcel:receive")],
             idempotency_key: Annotated[str | None, Header()] = None) -> JSONResponse:
    return JSONResponse(_answer(body), status_code=201)


@router.post("/one-row", status_code=201)
def one_row(body: IntakeIn, db: DbDep, _site: SiteDep, _settings: SettingsDep,
            _actor: Annotated[Actor, Allowed("parcel:receive")],
            idempotency_key: Annotated[str, Header(max_length=80)]) -> JSONResponse:
    answer = _answer(body)
    row = {"key": idempotency_key, "endpoint": ENDPOINT, "request_digest": digest(body.model_dump(mode="json")),
           "response": answer, "created_at": utcnow()}

    def write(session) -> None:  # as intake writes its key row
        cursor, sql = statements.cursor_of(session)
        sql.remember(cursor, row)

    db.write(write)
    return JSONResponse(answer, status_code=201)


def floor_app(db_url: str) -> FastAPI:
    from station.app import create_app

    settings = Settings.from_env(database_url=db_url)
    app = create_app(settings, Database(settings.database_url, background_checkpoints=True))
    app.include_router(router)
    # Routes are matched in order: the bench routes go first, so that matching them costs no
    # more than matching intake does (if anything, the floors flatter what intake could reach).
    app.router.routes.insert(0, app.router.routes.pop())
    return app


def forget_rows(db_url: str) -> int:
    with Database(db_url) as db:
        return db.write(lambda session: session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.endpoint == ENDPOINT)).rowcount)


@click.command()
@click.option("--db", "db_url", required=True)
@click.option("--port", type=int, required=True)
def main(db_url: str, port: int) -> None:
    from station.app import serve

    serve(floor_app(db_url), host="127.0.0.1", port=port)


if __name__ == "__main__":
    main()
