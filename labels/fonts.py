"""Find a CJK font that both Pillow and reportlab can use, and measure text with it.

reportlab embeds only TrueType outlines ('glyf'); it refuses the CFF outlines of Noto Sans
CJK, which fc-match often prefers. So the lookup skips CFF fonts instead of failing later
halfway through a PDF.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

KNOWN_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
)
PROBE = "药品贵重独居老人"


class FontNotFound(RuntimeError):
    pass


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0


def has_truetype_outlines(path: str, index: int = 0) -> bool:
    """True when font `index` of the file has a 'glyf' table (TrueType, not CFF)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if index >= count:
                    return False
                handle.seek(12 + 4 * index)
                offset = struct.unpack(">I", handle.read(4))[0]
            handle.seek(offset + 4)
            tables = struct.unpack(">H", handle.read(2))[0]
            handle.seek(offset + 12)
            directory = handle.read(16 * tables)
    except (OSError, struct.error):
        return False
    return any(directory[i:i + 4] == b"glyf" for i in range(0, len(directory), 16))


def covers_cjk(path: str, index: int = 0) -> bool:
    """True when the font draws the probe characters rather than its 'missing glyph' box."""
    try:
        font = ImageFont.truetype(path, 32, index=index)
    except OSError:
        return False

    def drawn(text: str) -> bytes:
        image = Image.new("L", (40, 40))
        ImageDraw.Draw(image).text((4, 4), text, font=font, fill=255)
        return image.tobytes()

    missing = drawn("\uffff")
    return all(drawn(ch) != missing for ch in PROBE)


def _fontconfig_candidates(fc_match: str | None) -> list[FontFile]:
    if not fc_match:
        return []
    try:
        out = subprocess.run([fc_match, "--sort", ":lang=zh-cn", "--format", "%{file}|%{index}\n"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines()[:40]:
        path, _, index = line.partition("|")
        found.append(FontFile(path.strip(), int(index) if index.strip().isdigit() else 0))
    return found


def find_cjk_font(known: tuple[tuple[str, int], ...] = KNOWN_FONTS,
                  fc_match: str | None = "fc-match") -> FontFile:
    """The first usable CJK TrueType font: known paths first, then what fc-match suggests for Chinese."""
    tried: list[str] = []
    fc = shutil.which(fc_match) if fc_match else None
    candidates = [FontFile(p, i) for p, i in known] + _fontconfig_candidates(fc)
    for candidate in candidates:
        if not Path(candidate.path).is_file():
            continue
        if not has_truetype_outlines(candidate.path, candidate.index):
            tried.append(f"{candidate.path} (no TrueType outlines, e.g. CFF: reportlab cannot embed it)")
        elif not covers_cjk(candidate.path, candidate.index):
            tried.append(f"{candidate.path} (no Chinese glyphs)")
        else:
            return candidate
    detail = "; ".join(tried) if tried else "none of the known paths exist"
    raise FontNotFound(
        "no Chinese TrueType font found for labels (" + detail + "). "
        "Install one, e.g. `apt-get install fonts-wqy-microhei`.")


@lru_cache(maxsize=1)
def default_font() -> FontFile:
    return find_cjk_font()


@lru_cache(maxsize=512)
def pil_font(size: int, font: FontFile | None = None) -> ImageFont.FreeTypeFont:
    font = font or default_font()
    # Basic layout: no shaping is needed for Chinese and digits, and raqm is 5-20x slower.
    return ImageFont.truetype(font.path, size, index=font.index, layout_engine=ImageFont.Layout.BASIC)


class PilMetrics:
    """layout.Metrics in printer dots, as Pillow draws on a 1-bit image."""

    def __init__(self, font: FontFile | None = None) -> None:
        self.font = font or default_font()

    def bbox(self, text: str, size: int, stroke: int) -> tuple[float, float, float, float]:
        return pil_font(size, self.font).getbbox(text, mode="1", anchor="ls", stroke_width=stroke)

    def advance(self, text: str, size: int) -> float:
        return pil_font(size, self.font).getlength(text, mode="1")


REPORTLAB_NAME = "LabelsCJK"


@lru_cache(maxsize=1)
def reportlab_font() -> str:
    """Register the CJK font with reportlab once; returns its registered name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = default_font()
    pdfmetrics.registerFont(TTFont(REPORTLAB_NAME, font.path, subfontIndex=font.index))
    return REPORTLAB_NAME
