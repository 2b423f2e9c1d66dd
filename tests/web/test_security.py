import pytest
from fastapi.testclient import TestClient

from station.app import create_app
from station.config import Settings
from station.web.security import cross_site_reason
from tests.support import PASSWORD


@pytest.fixture
def browser(db):
    app = create_app(Settings(database_url=db.url), db=db)
    with TestClient(app, follow_redirects=False) as client:
        client.post("/login", data={"name": "lead", "password": PASSWORD},
                    headers={"Origin": "http://testserver"})
        yield client


def state_changing_routes(routes):
    for route in routes:
        included = getattr(route, "original_router", None)  # an include_router() entry
        if included is not None:
            yield from state_changing_routes(included.routes)
        for method in (getattr(route, "methods", None) or set()) - {"GET", "HEAD", "OPTIONS"}:
            yield method, route.path.replace("{key}", "SF1")


def test_every_state_changing_route_refuses_a_cross_site_request(browser):
    routes = list(state_changing_routes(browser.app.routes))
    assert len(routes) >= 6
    for method, path in routes:
        for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {}):
            response = browser.request(method, path, headers=headers, json={})
            assert response.status_code == 403, (method, path, headers, response.text)


def test_same_origin_requests_pass_the_guard(browser):
    response = browser.post("/api/v1/intake", json={"scan": "SF1234567890123", "destination": "10-2-301"},
                            headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"})
    assert response.status_code == 201


def test_the_guard_rule_by_rule():
    assert cross_site_reason("GET", {b"sec-fetch-site": b"cross-site"}) is None
    assert cross_site_reason("POST", {b"authorization": b"Bearer x", b"sec-fetch-site": b"cross-site"}) is None
    assert cross_site_reason("POST", {b"sec-fetch-site": b"same-site"})
    assert cross_site_reason("POST", {b"origin": b"null"})
    assert cross_site_reason("POST", {b"origin": b"http://a:8000", b"host": b"a:8000"}) is None
    assert cross_site_reason("POST", {}) is None  # no session: nothing to ride on


@pytest.mark.parametrize("path", ["/healthz", "/login", "/api/v1/parcels/NOPE", "/static/station.css",
                                  "/api/v1/openapi.json", "/no-such-page"])
def test_every_response_carries_the_security_headers(browser, path):
    headers = browser.get(path).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_an_oversized_body_is_refused_before_it_is_read(browser):
    big = b"{" + b" " * (300 * 1024) + b"}"
    response = browser.post("/api/v1/intake", content=big, headers={
        "content-type": "application/json", "Origin": "http://testserver"})
    assert response.status_code == 413
    assert "content-security-policy" in response.headers


def test_a_streamed_oversized_body_is_refused(browser):
    def chunks():
        for _ in range(100):
            yield b" " * 8192

    response = browser.post("/api/v1/intake", content=chunks(), headers={
        "content-type": "application/json", "Origin": "http://testserver"})
    assert response.status_code == 413


def test_hostile_strings_come_back_escaped(browser):
    hostile = "<script>alert(1)</script>"
    page = browser.post("/login", data={"name": hostile, "password": "x" * 9, "next": hostile},
                        headers={"Origin": "http://testserver"})
    assert hostile not in page.text
    assert "&lt;script&gt;" in page.text or hostile not in page.text


def test_sign_in_never_redirects_to_another_site(browser):
    page = browser.post("/login", data={"name": "lead", "password": PASSWORD, "next": "//evil.example/x"},
                        headers={"Origin": "http://testserver"})
    assert page.headers["location"] == "/gate"


def test_roster_and_group_buy_uploads_may_be_larger_than_other_requests(browser):
    from station.web.security import BodyLimit

    stack = browser.app.middleware_stack
    while not isinstance(stack, BodyLimit):
        stack = stack.app
    assert stack.limit_for("/api/v1/intake") == 256 * 1024
    for path in ("/admin/roster", "/residents/group-buys", "/api/v1/frames"):
        assert stack.limit_for(path) == browser.app.state.settings.max_upload_bytes
