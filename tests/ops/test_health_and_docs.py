"""/healthz, /readyz and the API docs page."""

import re

from fastapi.testclient import TestClient

from station.app import create_app
from station.config import Settings
from station.db import Database


def test_healthz_answers_without_touching_the_database(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'never.db'}")
    with TestClient(create_app(Settings(database_url=db.url), db=db)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
    assert not (tmp_path / "never.db").exists()


def test_readyz_is_ready_on_a_set_up_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_503_with_the_reason_on_a_database_never_set_up(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with TestClient(create_app(Settings(database_url=db.url), db=db)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "no schema" in response.json()["detail"]


def test_the_api_docs_load_vendored_swagger_ui_with_no_inline_script(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "cdn" not in page.text.lower()
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css",
                  "/static/api-docs.js"):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/api/v1/openapi.json").json()["paths"]
