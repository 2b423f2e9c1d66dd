"""What `station serve` does before its first request: the pages compiled, the site read."""

from station.app import _compile_pages, _load_site, create_app
from station.config import Settings
from station.db import Database
from station.siteconfig.service import current_site
from station.web.pages import TEMPLATE_DIR, environment


def current_site_name(db: Database) -> str:
    with db.read() as session:
        return current_site(session).name


def test_every_page_is_compiled_before_the_first_request():
    _compile_pages()
    pages = {path.relative_to(TEMPLATE_DIR).as_posix() for path in TEMPLATE_DIR.rglob("*.html")}
    assert "residents/track.html" in pages
    assert pages <= {name for (_loader, name) in environment().cache.keys()}


def test_the_site_is_read_before_the_first_request(db):
    app = create_app(Settings(database_url=db.url), db=db)
    _load_site(app)
    site = app.state.sites.fresh()  # in memory, no query
    assert site is not None and site.name == current_site_name(db)


def test_a_database_without_a_site_does_not_stop_the_start(tmp_path):
    empty = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    app = create_app(Settings(database_url=empty.url), db=empty)
    _load_site(app)
    assert app.state.sites.fresh() is None
