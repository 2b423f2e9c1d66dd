"""The site in use is cached: looked up again at most once a second, or at once after forget()."""

from __future__ import annotations

from station.siteconfig.cache import SiteCache
from station.siteconfig.service import store_site
from tests.support import DEMO, NOW


def store_with_gate(db, code: str) -> None:
    text = (DEMO / "small.toml").read_text(encoding="utf-8")
    text += f'\n[[gates]]\ncode = "{code}"\nname = "{code}"\n'
    db.write(lambda s: store_site(s, toml=text, source="site.toml", actor="test", now=NOW))


def test_a_site_stored_elsewhere_is_used_after_the_check_interval(db):
    clock = [100.0]
    cache = SiteCache(db, check_every=1.0, clock=lambda: clock[0])
    first = cache.current()
    store_with_gate(db, "east")
    clock[0] += 0.5
    assert cache.current() is first  # no query within the interval
    clock[0] += 0.6
    assert "east" in cache.current().gate_codes()


def test_forget_makes_the_next_request_see_a_new_site_at_once(db):
    clock = [100.0]
    cache = SiteCache(db, check_every=60.0, clock=lambda: clock[0])
    assert "west" not in cache.current().gate_codes()
    store_with_gate(db, "west")
    cache.forget()
    assert "west" in cache.current().gate_codes()


def test_an_unchanged_version_keeps_the_parsed_site(db):
    clock = [100.0]
    cache = SiteCache(db, check_every=1.0, clock=lambda: clock[0])
    first = cache.current()
    clock[0] += 5
    assert cache.current() is first


def test_a_site_stored_while_the_version_was_being_read_is_not_hidden_for_a_second(db, monkeypatch):
    import station.siteconfig.cache as cache_module

    clock = [100.0]
    cache = SiteCache(db, check_every=1.0, clock=lambda: clock[0])
    loaded = cache_module.current_site

    def load_then_a_coordinator_stores_a_site(session):
        site = loaded(session)
        store_with_gate(db, "north")  # the admin page commits, then forgets the cache
        cache.forget()
        return site

    monkeypatch.setattr(cache_module, "current_site", load_then_a_coordinator_stores_a_site)
    assert "north" not in cache.current().gate_codes()
    monkeypatch.setattr(cache_module, "current_site", loaded)
    assert "north" in cache.current().gate_codes()  # same instant: looked up again, not cached
