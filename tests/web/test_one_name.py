"""The same thing has one name on every page, in Chinese and in English."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from station.app import create_app
from station.config import Settings
from tests.parcels.helpers import intake
from tests.support import bearer, earlier_today


@pytest.fixture
def app(db):
    return create_app(Settings(database_url=db.url), db=db)


def page(app, path: str, lang: str, name: str = "lead") -> str:
    answer = TestClient(app, follow_redirects=False, headers=bearer(name)).get(path, params={"lang": lang})
    assert answer.status_code == 200, answer.text
    return answer.text


def section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start:html.index("</section>", start)]


@pytest.mark.parametrize(("lang", "status_word", "day_figure", "shelved_word"), [
    ("zh_CN", "待消杀", "仍在门口", "在货架"), ("en", "awaiting disinfection", "still at the gate", "on shelf")])
def test_the_dashboard_names_a_status_apart_from_the_days_figures(app, db, lang, status_word, day_figure,
                                                                  shelved_word):
    intake(db, "SF1234567890123", "10-2-301", "express", now=earlier_today(30))
    html = page(app, "/dashboard", lang)
    figures, statuses = section(html, 'class="card figures"'), section(html, 'id="status-title"')
    assert day_figure in figures and shelved_word not in figures
    assert re.search(rf'<th scope="row">{status_word}</th><td>1</td>', statuses)
    assert day_figure not in statuses
    received = "已接收" if lang == "zh_CN" else "received"
    assert received in figures and received not in statuses


@pytest.mark.parametrize(("lang", "gate_label", "number", "nav"), [
    ("zh_CN", "所在门口", "编号", "快递员交接"), ("en", "At gate", "No.", "Hand-over")])
def test_the_hand_over_page_names_its_gate_menu_and_columns_in_the_readers_language(app, lang, gate_label,
                                                                                  number, nav):
    html = page(app, "/gate/handover", lang, name="gate1")
    assert f"<label>{gate_label} <select" in html
    assert f"<th>{number}</th>" in html
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert re.search(rf'<a href="/gate/handover" aria-current="page">{nav}</a>', html) and nav.lower() in title.lower()


def test_the_gate_category_keys_are_english_words_in_english(app):
    keys = section(page(app, "/gate", "en", name="gate1"), 'id="step-category"')
    assert "Express parcel" in keys and "Medicine" in keys
    assert not re.search(r"[\u4e00-\u9fff]", keys)
    assert "快递" in section(page(app, "/gate", "zh_CN", name="gate1"), 'id="step-category"')
