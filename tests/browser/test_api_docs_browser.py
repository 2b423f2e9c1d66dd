"""/api/v1/docs renders its operations in Chromium under the station's CSP, with nothing fetched elsewhere."""


def test_the_api_docs_render_offline_under_the_csp(drive, live_server):
    seen: dict[str, list] = {"violations": [], "elsewhere": []}

    def steps(page):
        page.on("console", lambda m: seen["violations"].append(m.text) if "Content Security Policy" in m.text else None)
        page.on("request", lambda r: seen["elsewhere"].append(r.url) if not r.url.startswith(live_server.url) else None)
        page.goto("/api/v1/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=20000)
        assert page.locator(".opblock-summary-path", has_text="/api/v1/intake").count() >= 1

    drive(steps)
    assert seen == {"violations": [], "elsewhere": []}
