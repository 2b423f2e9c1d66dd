"""Reconciling a shelf-by-shelf count with the shelves the station knows."""

from __future__ import annotations

from station.runs.stocktake.rules import (ELSEWHERE, HERE, OFF_SHELF, UNKNOWN, Holding, Seen, judge,
                                          reconcile)


def holding(pid, shelf, status="shelved"):
    return Holding(pid, f"P{pid:08d}", f"SF{pid}", status, shelf, f"{shelf[3:] if shelf else 'B10-01'}-{pid:03d}")


A, B, C = "SH-B10-01", "SH-B10-02", "SH-MED-01"
ON_A = [holding(1, A), holding(2, A), holding(3, A)]
ON_B = [holding(4, B)]
ON_C = [holding(5, C)]
EXPECTED = ON_A + ON_B + ON_C
DELIVERED = holding(9, None, "delivered")


def test_judging_one_item():
    assert judge(A, ON_A[0]) == HERE
    assert judge(B, ON_A[0]) == ELSEWHERE
    assert judge(A, DELIVERED) == OFF_SHELF
    assert judge(A, None) == UNKNOWN


def test_a_clean_count_is_reconciled():
    seen = [Seen(A, h.code, h) for h in ON_A] + [Seen(B, ON_B[0].code, ON_B[0]), Seen(C, ON_C[0].code, ON_C[0])]
    result = reconcile(EXPECTED, [A, B, C], seen)
    assert result.reconciled and result.missing == 0 and result.wrong == 0
    assert [(s.shelf, s.expected, len(s.here)) for s in result.shelves] == [(A, 3, 3), (B, 1, 1), (C, 1, 1)]


def test_missing_moved_stray_delivered_and_unknown():
    seen = [Seen(A, "P00000001", ON_A[0]), Seen(A, "P00000001", ON_A[0]),  # twice: counted once
            Seen(A, "P00000004", ON_B[0]),  # belongs on B
            Seen(A, "P00000009", DELIVERED),  # delivered: should be on no shelf
            Seen(A, "XYZ", None),  # no such parcel
            Seen(B, "P00000002", ON_A[1])]  # an A item found on B
    result = reconcile(EXPECTED, [A, B], seen)
    a, b = result.shelves
    assert [h.parcel_id for h in a.here] == [1]
    assert [h.parcel_id for h in a.missing] == [3]
    assert [(h.parcel_id, where) for h, where in a.moved] == [(2, B)]
    assert [(f.seen.scan, f.verdict) for f in a.wrong] == [("P00000004", ELSEWHERE), ("P00000009", OFF_SHELF),
                                                           ("XYZ", UNKNOWN)]
    assert b.here == () and b.missing == () and [(h.parcel_id, w) for h, w in b.moved] == [(4, A)]
    assert [(f.seen.scan, f.verdict) for f in b.wrong] == [("P00000002", ELSEWHERE)]
    assert result.uncounted == ((C, 1),)
    assert not result.reconciled and result.missing == 1 and result.wrong == 4


def test_an_empty_shelf_counted_empty_and_shelves_never_counted():
    result = reconcile(EXPECTED, ["SH-B11-01"], [])
    assert result.shelves[0].expected == 0 and result.shelves[0].reconciled
    assert result.uncounted == ((A, 3), (B, 1), (C, 1)) and not result.reconciled
    assert reconcile([], [], []).reconciled
