"""Every page of the README's table, in Chinese and English, on a 390 px phone and a 1366 px desktop.

One walk (one browser context per role and language, the viewport resized in place) gathers what
each page gets wrong: wider than the screen, a code cut off, a word broken a character per line, a
top bar too tall on a phone or wrapping on a desktop, and what axe-core (vendored from npm, test
only) reports as a serious or critical accessibility violation. The tests below read that walk.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from station.config import Settings
from station.db import Database, utcnow
from station.parcels.models import Parcel
from station.residents.models import Household
from station.tls import ensure_certificates
from tests.browser.conftest import LiveServer, sign_in
from tests.residents.flows import receive
from tests.runs.helpers import claim, stock

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 800}}
LANGS = ("zh_CN", "en")

# What a person reads as one token: never cut off, never one character per line.
CODES = ("code, kbd, .code, .pickup, .num, .room, .shelf-label, .zone-code, .camera-last, .waiting-item,"
         " .candidate, .fl-line .pickup strong, .parcel .num")

FINDINGS = """(codes) => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const sw = document.documentElement.scrollWidth;
  if (sw > window.innerWidth) out.push(`document ${sw} px wide in ${window.innerWidth}`);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const forScreenReaders = (el) => {  // inside a visually hidden box (1 px, clipped)
    for (let a = el; a; a = a.parentElement) {
      if (getComputedStyle(a).clip !== 'auto' && a.getBoundingClientRect().width <= 1) return true; }
    return false;
  };
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
      && getComputedStyle(el).visibility !== 'hidden' && !forScreenReaders(el); };
  const lines = (el) => {  // how many lines the element's text takes
    const tops = new Set(), walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.bottom));
    }
    return tops.size;
  };
  for (const el of document.querySelectorAll(codes)) {
    if (!shown(el)) continue;
    const text = el.textContent.trim();
    if (!text) continue;
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      out.push(`code cut off: ${name(el)} "${text.slice(0, 30)}" (${el.scrollWidth} > ${el.clientWidth})`); continue; }
    const r = el.getBoundingClientRect();
    if (!/\\s/.test(text) && lines(el) > 1) { out.push(`code broken over lines: ${name(el)} "${text.slice(0, 30)}"`); continue; }
    let clip = null;  // the nearest box that cuts what overflows it; one that scrolls leaves it reachable
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (overflow !== 'visible') { clip = ['auto', 'scroll'].includes(overflow) ? 'scrolls' : a; break; }
    }
    if (clip === 'scrolls') continue;
    const box = clip ? clip.getBoundingClientRect() : {left: 0, right: vw};
    if (r.right > box.right + 1 || r.left < box.left - 1) {
      out.push(`code cut off by ${clip ? name(clip) : 'the screen'}: ${name(el)} "${text.slice(0, 30)}"`); }
  }
  const range = document.createRange();
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'SVG', 'OPTION', 'TEXTAREA'].includes(el.tagName) || el.closest('svg')) continue;
    for (const node of el.childNodes) {
      if (node.nodeType !== 3) continue;
      const text = node.textContent.trim();
      if ([...text].length < 2) continue;
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (!r.width || !shown(el)) continue;
      const cs = getComputedStyle(el);
      const size = parseFloat(cs.fontSize);
      const line = cs.lineHeight === 'normal' ? size * 1.2 : parseFloat(cs.lineHeight);
      if (r.height > 1.8 * line && r.width < 2 * size) {
        out.push(`a character per line: ${name(el)} "${text.slice(0, 20)}" (${Math.round(r.width)}x${Math.round(r.height)})`); }
    }
  }
  const bar = document.querySelector('header.bar');
  if (bar) {
    const h = bar.getBoundingClientRect().height;
    if (window.innerWidth < 600 && h > 0.12 * window.innerHeight) out.push(`top bar ${Math.round(h)} px high`);
    const nav = bar.querySelector('nav');
    if (window.innerWidth >= 1200 && nav) {
      const tops = new Set([...nav.querySelectorAll('a')].map((a) => Math.round(a.getBoundingClientRect().top)));
      if (tops.size > 1 || h > 80) out.push(`top bar wraps at ${window.innerWidth} px (${Math.round(h)} px high)`);
    }
  }
  return out;
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) =>
    `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}"""


def _scan(page, text: str) -> None:
    page.locator("#scan").focus()
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def _gate_category(page, lang: str) -> None:
    """An item in hand, its room typed: the category keys."""
    _scan(page, "SF55500000000" + ("01" if lang == "en" else "02"))
    page.wait_for_selector("#step-destination:not([hidden])")
    page.keyboard.type("10-2-301")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-category:not([hidden])")


def _gate_sorted(page, _lang: str) -> None:
    """The fresh-food key: the OK banner, the slot in big letters, the label."""
    page.locator("#step-category [data-category=fresh]").click()
    page.wait_for_selector("#result:not([hidden])")


def _gate_pickup(page, _lang: str) -> None:
    """A household's collection code: whose items these are, before they leave."""
    page.keyboard.press("Escape")
    _scan(page, SEED["collection"])
    page.wait_for_selector("#step-pickup:not([hidden])")


def _run_delivered(page, lang: str) -> None:
    """The runner scans an item at the door: the OK banner and the line marked delivered."""
    code = SEED["meal"] if lang == "en" else SEED["fresh"]
    _scan(page, code)
    page.wait_for_selector(f"li.item.outcome-delivered[data-code='{code}']")


SEED: dict[str, str] = {}  # what _seed made, for the states below
# Further states of a page, reached in turn after it loads, each checked like the page itself.
STATES = {"/gate": (("category", _gate_category), ("sorted", _gate_sorted), ("pickup", _gate_pickup)),
          "/runs/{run}": (("delivered", _run_delivered),)}


def _copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _seed(db: Database) -> dict[str, str]:
    """Items on shelves (medicine for a household with care marks), one in its dwell, one with no room, a run."""
    with db.read() as session:
        household = session.scalars(select(Household).where(Household.building == "10", Household.phone.is_not(None))
                                    .order_by(Household.id)).first()
    db.write(lambda s: s.execute(update(Household).where(Household.id == household.id)
                                 .values(name="欧阳娜娜娜·Alexandra Constantinopoulou", elderly_alone=True, pregnant=True,
                                         chronic_medicine=True)))
    earlier = utcnow() - timedelta(minutes=40)
    _medicine, _valuable, meal, fresh, *_ = stock(
        db, [(household.destination, "medicine"), (household.destination, "valuable"), ("10-1-502", "meal"),
             ("10-2-301", "fresh"), ("10-3-702", "bulky"), ("11-1-101", "express")], now=earlier)
    receive(db, "JDVA00123456789012345", household.destination, category="express", disinfect=True, shelve=True,
            at=earlier)
    receive(db, "YT1234567890123456", household.destination, category="express", disinfect=True,
            at=utcnow() - timedelta(minutes=1))
    receive(db, "SF9876543210987", None, category="express")
    run, _items, _dwell = claim(db, building="10", now=utcnow())
    with db.read() as session:
        collection = session.scalars(select(Parcel.collection_code)
                                     .where(Parcel.tracking_number == "YT1234567890123456")).one()
    return {"run": run, "room": household.destination, "tail": household.phone[-4:], "number": "JDVA00123456789012345",
            "meal": meal, "fresh": fresh, "collection": collection}


def _pages(seed: dict[str, str]) -> dict[str | None, list[str]]:
    """The README's pages, each under a role that may open it (None: no account)."""
    run = seed["run"]
    return {
        "gate1": ["/gate", "/gate/handover", "/disinfect", "/shelves", "/shelves/SH-B10-01", "/runs/stocktake"],
        "runner1": ["/runs", f"/runs/{run}", f"/runs/{run}/list"],
        "lead": ["/gate/unresolved", "/dashboard", f"/dashboard/audit?q={seed['number']}", "/admin", "/admin/site",
                 "/admin/roster", "/admin/users", "/admin/gates", "/notify", "/residents/group-buys",
                 "/residents/households"],
        None: ["/login", "/tls", f"/track?q={seed['number']}", f"/track?room={seed['room']}&phone={seed['tail']}",
               "/track", "/track/register"],
    }


@pytest.fixture(scope="module")
def walk(browser_instance, sqlite_template, tmp_path_factory):
    """{(path, language, size): (layout findings, axe findings)} for every page of the table."""
    folder = tmp_path_factory.mktemp("pages")
    _copy(sqlite_template, folder / "station.db")
    db = Database(f"sqlite:///{folder / 'station.db'}")
    seed = _seed(db)
    SEED.update(seed)
    ensure_certificates(folder / "tls", names=["localhost"], addresses=["127.0.0.1"])
    axe = AXE.read_text(encoding="utf-8")
    found: dict[tuple[str, str, str], tuple[list[str], list[str]]] = {}
    with LiveServer(db, Settings(database_url=db.url, tls_dir=folder / "tls")) as server:
        for role, paths in _pages(seed).items():
            for lang in LANGS:
                context = browser_instance.new_context(base_url=server.url, locale="zh-CN",
                                                       viewport=SIZES["desktop"], bypass_csp=True)
                page = context.new_page()
                if role:
                    sign_in(page, role, next_path=paths[0])
                for path in paths:
                    response = page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
                    assert response is not None and response.status == 200, (path, response and response.status)
                    page.add_script_tag(content=axe)
                    for state, reach in (("", None), *STATES.get(path.replace(seed["run"], "{run}"), ())):
                        if reach:
                            page.set_viewport_size(SIZES["desktop"])
                            reach(page, lang)
                        for size, viewport in SIZES.items():
                            page.set_viewport_size(viewport)
                            found[(f"{path} {state}".strip(), lang, size)] = (page.evaluate(FINDINGS, CODES),
                                                                             page.evaluate(AXE_RUN))
                context.close()
    db.dispose()
    return found


def _report(found, which: int) -> str:
    return "\n".join(f"{path} {lang} {size}: {problem}" for (path, lang, size), problems in found.items()
                     for problem in problems[which])


def test_every_page_fits_a_phone_and_a_desktop_in_both_languages(walk):
    report = _report(walk, 0)
    assert not report, "\n" + report


def test_no_page_has_a_serious_accessibility_violation(walk):
    report = _report(walk, 1)
    assert not report, "\n" + report
