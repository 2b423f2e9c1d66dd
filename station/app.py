"""The application factory: settings and database in, a FastAPI app out."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from station.config import Settings
from station.db import Database
from station.errors import StationError
from station.parcels.routes import router as parcels_router
from station.siteconfig.cache import SiteCache


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    db = db or Database(settings.database_url)
    app = FastAPI(title="Receiving station", version="1", openapi_url="/api/v1/openapi.json",
                  docs_url="/api/v1/docs", redoc_url=None)
    app.state.settings = settings
    app.state.db = db
    app.state.sites = SiteCache(db)

    @app.exception_handler(StationError)
    def station_error(_request: Request, exc: StationError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, **exc.extra}, status_code=exc.status_code)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(parcels_router)
    return app
