"""The board of what waits: grids, buildings and categories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from station.runs.board import IN_DWELL, NOT_SHELVED, Count, Waiting, build_board

NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)


def test_grids_buildings_and_categories_in_site_order(small_site):
    rows = [Count("10", "express", 5, NOW - timedelta(minutes=90)), Count("10", "meal", 2, NOW - timedelta(minutes=20)),
            Count("9", "medicine", 1, NOW - timedelta(minutes=5)), Count("1", "express", 3, NOW - timedelta(hours=26))]
    waiting = [Waiting("10", NOT_SHELVED, 2), Waiting("3", IN_DWELL, 4, NOW + timedelta(minutes=3)),
               Waiting("10", IN_DWELL, 1, NOW + timedelta(minutes=9))]
    board = build_board(small_site, rows, waiting, now=NOW)
    assert [g.grid for g in board.grids] == ["G1", "G3"] and board.count == 11
    g3 = board.grids[1]
    assert [(b.building, b.count, b.oldest_minutes) for b in g3.buildings] == [("9", 1, 5), ("10", 7, 90)]
    assert [(c.category, c.count, c.oldest_minutes) for c in g3.categories] == [
        ("medicine", 1, 5), ("meal", 2, 20), ("express", 5, 90)]
    assert board.grids[0].oldest_minutes == 26 * 60
    assert [(c.category, c.count) for c in board.categories] == [("medicine", 1), ("meal", 2), ("express", 8)]
    assert [(r.building, r.grid, r.not_shelved, r.in_dwell, r.ready_at) for r in board.not_ready] == [
        ("3", "G1", 0, 4, NOW + timedelta(minutes=3)), ("10", "G3", 2, 1, NOW + timedelta(minutes=9))]


def test_an_empty_board(small_site):
    board = build_board(small_site, [], [], now=NOW)
    assert board.grids == () and board.count == 0 and board.not_ready == ()
