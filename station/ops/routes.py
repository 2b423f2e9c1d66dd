"""/healthz (the process answers), /readyz (and its database too), and /api/v1/docs: Swagger UI
served from templates/static/vendor, so it works offline under the CSP."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from station.parcels.schemas import ErrorOut
from station.web.pages import render

OPENAPI_URL = "/api/v1/openapi.json"
router = APIRouter()


@router.get("/healthz", tags=["health"])
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", tags=["health"], responses={503: {"model": ErrorOut}})
def readyz(request: Request) -> JSONResponse:
    problem = request.app.state.db.unreachable()
    if problem:
        return JSONResponse({"detail": problem}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/api/v1/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return render(request, "api/docs.html", spec_url=OPENAPI_URL)
