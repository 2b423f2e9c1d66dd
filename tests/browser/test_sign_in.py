from tests.browser.conftest import screenshot, sign_in


def test_a_volunteer_signs_in_and_out_in_chromium(page):
    page.goto("/gate")
    assert "/login" in page.url
    assert page.locator("h1").inner_text() == "登录"
    screenshot(page, "login-zh")
    sign_in(page)
    assert page.locator(".who").inner_text().startswith("gate1")
    page.click(".logout button")
    page.wait_for_url("**/login")
    page.goto("/gate")
    assert "/login" in page.url


def test_english_is_one_click_away(page):
    page.goto("/login")
    page.click("a[hreflang=en]")
    page.wait_for_url("**lang=en")
    assert page.locator("h1").inner_text() == "Sign in"
    page.goto("/login")
    assert page.locator("h1").inner_text() == "Sign in"  # remembered by cookie
