"""/healthz (the process answers), /readyz (and its database too), /api/v1/docs (Swagger UI
served from station/templates/static/vendor, so it works offline under the CSP), /tls: how a phone
installs the local CA of `station serve --https`, and /favicon.ico for what asks for it by that name."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from station.catalogue import ops as ops_text
from station.errors import NotFound
from station.parcels.schemas import ErrorOut
from station.web.pages import STATIC_DIR, render

OPENAPI_URL = "/api/v1/openapi.json"
router = APIRouter()


@router.get("/healthz", tags=["health"])
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The pages link /static/favicon.svg; a PDF or JSON tab still asks the browser's default path."""
    return Response((STATIC_DIR / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/readyz", tags=["health"], responses={503: {"model": ErrorOut}})
def readyz(request: Request) -> JSONResponse:
    problem = request.app.state.db.unreachable()
    if problem:
        return JSONResponse({"detail": problem}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/api/v1/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return render(request, "api/docs.html", spec_url=OPENAPI_URL)


def _ca_certificate(request: Request) -> bytes:
    from station.tls import ca_der

    folder = request.app.state.settings.tls_dir
    der = ca_der(folder) if folder else None
    if der is None:
        raise NotFound(ops_text.NO_HTTPS)
    return der


@router.get("/tls", include_in_schema=False)
def install_page(request: Request) -> HTMLResponse:
    _ca_certificate(request)
    return render(request, "tls/install.html", address=request.url.netloc)


@router.get("/tls/ca.crt", include_in_schema=False)
def ca_certificate(request: Request) -> Response:
    """The local CA phones install and trust; the server's own certificate is issued from it."""
    return Response(_ca_certificate(request), media_type="application/x-x509-ca-cert",
                    headers={"Content-Disposition": 'attachment; filename="station-ca.crt"'})
