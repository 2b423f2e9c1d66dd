from __future__ import annotations

from pathlib import Path

import pytest

from labels.fonts import FontNotFound, find_cjk_font, has_truetype_outlines


def test_no_font_anywhere_says_what_to_install() -> None:
    with pytest.raises(FontNotFound, match="apt-get install fonts-wqy-microhei"):
        find_cjk_font(known=(), fc_match=None)


def test_unusable_files_are_named_in_the_error(tmp_path: Path) -> None:
    bogus = tmp_path / "fake.ttf"
    bogus.write_bytes(b"OTTO" + b"\0" * 64)  # CFF-flavoured header, no tables
    with pytest.raises(FontNotFound, match="fake.ttf"):
        find_cjk_font(known=((str(bogus), 0),), fc_match=None)
    assert not has_truetype_outlines(str(bogus))
    assert not has_truetype_outlines(str(tmp_path / "missing.ttc"))


def test_cff_noto_is_skipped_for_reportlab() -> None:
    noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    if not Path(noto).is_file():
        pytest.skip("Noto Sans CJK (CFF) not installed here")
    assert not has_truetype_outlines(noto, 0)
    with pytest.raises(FontNotFound, match="CFF"):
        find_cjk_font(known=((noto, 0),), fc_match=None)


def test_the_found_font_has_truetype_outlines(cjk_font) -> None:
    assert has_truetype_outlines(cjk_font.path, cjk_font.index)


def test_fc_match_finds_a_font_when_known_paths_fail(cjk_font) -> None:
    import shutil

    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match not installed")
    found = find_cjk_font(known=())
    assert has_truetype_outlines(found.path, found.index)
