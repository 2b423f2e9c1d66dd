"""The application factory: settings and database in, a FastAPI app out."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from station.accounts.permissions import start_page
from station.accounts.routes import router as accounts_router
from station.accounts.token_cache import TokenCache
from station.admin.routes import router as admin_router
from station.config import Settings
from station.dashboard.routes import router as dashboard_router
from station.db import Database
from station.errors import StationError
from station.keyfile import load_custody_key
from station.gate.frames import routes as gate_frames
from station.gate.waybill import routes as gate_waybill
from station.gate.handover import routes as gate_handover
from station.gate.scan import routes as gate_scan
from station.gate.disinfection import routes as gate_disinfection
from station.gate.shelves import routes as gate_shelves
from station.gate.unresolved import routes as gate_unresolved
from station.notify.routes import router as notify_router
from station.ops.logs import AccessLog
from station.ops.routes import OPENAPI_URL, router as ops_router
from station.parcels.routes import router as parcels_router
from station.parcels.schemas import ErrorOut
from station.residents.routes import router as residents_router
from station.runs.routes import router as runs_router
from station.siteconfig.cache import SiteCache
from station.web.auth import SignInRequired, optional_actor
from station.web.i18n import LocaleMiddleware, gettext, say
from station.web.requests import request_problem
from station.web.pages import STATIC_DIR, render
from station.web.security import BodyLimit, CrossSiteGuard, SecurityHeaders

UPLOAD_PATHS = ("/api/v1/frames", "/api/v1/waybill", "/admin/roster", "/admin/site", "/residents/group-buys")
# What any API operation may answer instead, in the one shape the handlers below give errors
# ({"detail": "..."}): documented for all, so the schema does not promise FastAPI's own 422 list.
API_ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422)}


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    db = db or Database(settings.database_url)
    app = FastAPI(title="Receiving station", version="1", openapi_url=OPENAPI_URL,
                  docs_url=None, redoc_url=None, responses=API_ERRORS)
    app.state.settings = settings
    app.state.db = db
    app.state.sites = SiteCache(db)
    app.state.tokens = TokenCache()
    app.state.custody_key = load_custody_key(settings.custody_key_file)

    @app.exception_handler(StationError)
    def station_error(request: Request, exc: StationError) -> Response:
        if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"detail": say(exc), "code": exc.code, **exc.extra}, status_code=exc.status_code)
        if isinstance(exc, SignInRequired):
            return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
        title = gettext("Not allowed") if exc.status_code == 403 else gettext("Something is wrong")
        return render(request, "error.html", status_code=exc.status_code, title=title,
                      message=say(exc))

    @app.exception_handler(RequestValidationError)
    def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problem = request_problem(exc.errors())
        return JSONResponse({"detail": say(problem), "code": problem.code}, status_code=422)

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> RedirectResponse:
        actor = await optional_actor(request)
        return RedirectResponse(start_page(actor.role if actor else None), status_code=303)

    # routers: one line per part of the station; the residents' first, as a burst of lookups
    # from a building's group chat is what the station answers most (routes are matched in order)
    app.include_router(residents_router)
    app.include_router(accounts_router)
    app.include_router(parcels_router)
    app.include_router(gate_scan.router)
    app.include_router(gate_scan.api)
    app.include_router(gate_handover.router)
    app.include_router(gate_handover.api)
    app.include_router(gate_frames.api)
    app.include_router(gate_waybill.api)
    app.include_router(gate_disinfection.router)
    app.include_router(gate_shelves.router)
    app.include_router(gate_unresolved.router)
    app.include_router(dashboard_router)
    app.include_router(admin_router)
    app.include_router(runs_router)
    app.include_router(notify_router)
    app.include_router(ops_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    # Outermost last: headers go on every answer, even a refusal by the guards inside.
    app.add_middleware(BodyLimit, default=256 * 1024,
                       limits={path: settings.max_upload_bytes for path in UPLOAD_PATHS})
    app.add_middleware(CrossSiteGuard)
    app.add_middleware(LocaleMiddleware)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    return app


def _server(app: FastAPI, *, host: str, port: int, **tls: str):
    import uvicorn

    # X-Forwarded-For is believed from the proxies named in the settings only: uvicorn's own
    # default trusts 127.0.0.1, so any client behind a local proxy could name its own address.
    proxies = app.state.settings.trusted_proxies
    # The station's own AccessLog replaces uvicorn's, and logging is configured by station.ops.logs.
    return uvicorn.Server(uvicorn.Config(
        app, host=host, port=port, log_level=app.state.settings.log_level, log_config=None,
        access_log=False, proxy_headers=bool(proxies),
        forwarded_allow_ips=",".join(proxies) if proxies else None, **tls))


def _compile_pages() -> None:
    """Every template compiled before the first request: a restart during a burst of lookups would
    otherwise make its first few dozen residents wait for the compiling (a quarter of a second)."""
    from station.web.pages import environment

    env = environment()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        env.get_template(name)


def _load_site(app: FastAPI) -> None:
    """The site read before the first request; a database not ready yet is left to /readyz."""
    try:
        app.state.sites.current()
    except (SQLAlchemyError, StationError):  # the first request that needs the site says what is wrong
        pass


def _freeze() -> None:
    import gc

    # What was built to start (modules, models, routes, the site) lives as long as the process:
    # frozen, it is no longer walked by every full garbage collection, which paused requests.
    # Before a fork it also keeps the workers from writing to the pages they share.
    gc.collect()
    gc.freeze()


def serve(app: FastAPI, *, host: str, port: int, **tls: str) -> None:
    """Serve the app until stopped, as `station serve` does with one worker."""
    _compile_pages()
    _load_site(app)
    _freeze()
    _server(app, host=host, port=port, **tls).run()


def serve_workers(build: Callable[[int], FastAPI], *, workers: int, host: str, port: int, **tls: str) -> None:
    """Serve `workers` processes on one socket until stopped; `build(index)` makes each one's app
    after the fork, so that no database connection or thread crosses it."""
    from station.ops.workers import Supervisor, bind

    sock = bind(host, port)
    _compile_pages()  # before the fork: the workers share the compiled pages
    _freeze()

    def work(index: int, listening) -> None:
        app = build(index)
        _load_site(app)
        _freeze()
        _server(app, host=host, port=port, **tls).run(sockets=[listening])

    Supervisor(work, sock, workers).run()
