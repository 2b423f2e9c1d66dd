"""The chain's acceptance rules, and the default chain against single decoders on real photos."""

from __future__ import annotations

import time

import numpy as np
import pytest

from scanner import preprocess as pp
from scanner.chain import DecoderChain, Step, decode, default_chain
from scanner.decoders import OpenCVDecoder, PyzbarDecoder, ZXingDecoder
from scanner.images import load_image
from scanner.symbols import CODE128, EAN13, QR, Symbol, normalise_ean

BOX = ((10, 10), (60, 10), (60, 40), (10, 40))


class Fake:
    """A decoder that returns what it is told, and counts its calls."""

    def __init__(self, name: str, symbols: list[tuple[str, str]], *, trusted: bool) -> None:
        self.name, self.trusted, self.calls = name, trusted, 0
        self._symbols = symbols

    def __call__(self, gray: np.ndarray) -> list[Symbol]:
        self.calls += 1
        return [Symbol(fmt, text, BOX, self.name) for fmt, text in self._symbols]


IMAGE = np.full((50, 80), 255, np.uint8)


def test_trusted_result_stops_the_chain():
    first = Fake("fast", [(CODE128, "SF1234567890123")], trusted=True)
    second = Fake("slow", [(CODE128, "OTHER")], trusted=True)
    result = DecoderChain([Step(first), Step(second)]).decode_gray(IMAGE)
    assert [(s.text, s.decoder) for s in result] == [("SF1234567890123", "fast")]
    assert second.calls == 0


def test_untrusted_result_needs_a_second_sighting():
    once = Fake("zbar", [(CODE128, "SF1234567890123")], trusted=False)
    nothing = Fake("none", [], trusted=True)
    assert DecoderChain([Step(once), Step(nothing)]).decode_gray(IMAGE) == []
    twice = DecoderChain([Step(once), Step(once, pp.clahe()), Step(nothing)])
    result = twice.decode_gray(IMAGE)
    assert [(s.text, s.decoder) for s in result] == [("SF1234567890123", "zbar")]
    assert nothing.calls == 1  # only in the first chain: the second stopped once confirmed


def test_implausible_untrusted_text_is_dropped_even_when_repeated():
    bad_ean = Fake("zbar", [(EAN13, "9780306406158")], trusted=False)  # wrong check digit
    assert DecoderChain([Step(bad_ean), Step(bad_ean, pp.sharpen())]).decode_gray(IMAGE) == []


def test_trusted_decoder_on_a_preprocessed_image_needs_a_second_sighting_for_ean():
    zx = Fake("zx", [(EAN13, "9780306406157")], trusted=True)
    alone = DecoderChain([Step(zx, pp.sharpen())])
    assert alone.decode_gray(IMAGE) == []
    qr = Fake("zx", [(QR, "B12-1-0402")], trusted=True)
    assert [s.text for s in DecoderChain([Step(qr, pp.sharpen())]).decode_gray(IMAGE)] == ["B12-1-0402"]
    confirmed = DecoderChain([Step(zx, pp.sharpen()), Step(Fake("zbar", [(EAN13, "9780306406157")], trusted=False))])
    assert [s.text for s in confirmed.decode_gray(IMAGE)] == ["9780306406157"]


def test_budget_stops_starting_new_steps():
    calls = []

    class Slow(Fake):
        def __call__(self, gray):
            calls.append(self.name)
            time.sleep(0.02)
            return []

    chain = DecoderChain([Step(Slow("a", [], trusted=True)), Step(Slow("b", [], trusted=True))])
    assert chain.decode_gray(IMAGE, budget_ms=1) == []
    assert calls == ["a"]  # the first step always runs
    chain.decode_gray(IMAGE)
    assert calls == ["a", "a", "b"]


def test_the_same_symbol_seen_twice_is_one_result_but_two_labels_are_two():
    same = Fake("zx", [(CODE128, "A1234"), (CODE128, "A1234")], trusted=True)
    assert len(DecoderChain([Step(same)]).decode_gray(IMAGE)) == 1

    class TwoLabels(Fake):
        def __call__(self, gray):
            far = tuple((x + 500, y) for x, y in BOX)
            return [Symbol(CODE128, "A1234", BOX, "zx"), Symbol(CODE128, "A1234", far, "zx")]

    assert len(DecoderChain([Step(TwoLabels("zx", [], trusted=True))]).decode_gray(IMAGE)) == 2


def test_module_level_decode_uses_the_default_chain():
    from scanner.synth import render_qr

    assert [s.text for s in decode(render_qr("B12-1-0402", module_px=5))] == ["B12-1-0402"]
    with pytest.raises(ValueError):
        DecoderChain([])


def _score(reader, cases) -> tuple[int, int]:
    read = wrong = 0
    for image, fmt, expected in cases:
        got = {normalise_ean(s.format, s.text)[1] for s in reader(image)}
        read += bool(expected) and expected <= got
        wrong += len(got - expected)
    return read, wrong


def test_default_chain_beats_every_single_decoder_on_the_reference_photos(barcode_rows):
    cases = []
    for path, rows in barcode_rows.items():
        fmt = rows[0]["format"]
        expected = set() if fmt == "NONE" else {normalise_ean(r["format"], r["expected_text"])[1] for r in rows}
        cases.append((load_image(path), fmt, expected))
    singles = {
        "zxing-cpp": ZXingDecoder(None),
        "zxing-cpp parcel formats": ZXingDecoder(),
        "pyzbar": PyzbarDecoder(None),
        "opencv": OpenCVDecoder(None),
    }
    scores = {name: _score(reader, cases) for name, reader in singles.items()}
    best_read, best_wrong = max(scores.values(), key=lambda s: (s[0], -s[1]))
    chain_read, chain_wrong = _score(default_chain().decode_gray, cases)
    assert chain_read >= best_read, scores
    assert chain_wrong <= best_wrong, scores
    assert chain_read > best_read, f"the fallbacks add nothing: {chain_read} vs {scores}"
