"""Generated photos of Chinese express waybills: the test and benchmark data for waybill reading.

Each photo is a 1280x720 webcam frame of one waybill: a courier's layout (three are drawn here,
plus one printed with the station's own label renderer), a sender block from another city that
also names a building, unit and room, and the recipient block naming a household of the roster
in one of the address forms people write. Then the camera's faults: rotation, perspective, blur,
uneven light, sensor noise and JPEG.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from labels.fonts import pil_font
from scanner.synth import FRAME_SIZE, render_code128, sensor

LAYOUTS = ("sf", "zto", "jd", "printed")
FORMS = ("haolou", "dong", "zhuang", "dashes", "spaces", "zh_numerals", "hao_room")
PX_PER_MM = 9  # drawn at this scale, photographed at about half of it
SENDERS = (
    ("北京市朝阳区", "建国路88号", "SOHO现代城"), ("上海市浦东新区", "张杨路500号", "华润时代广场"),
    ("广东省深圳市南山区", "科技园路1号", "深南花园"), ("浙江省杭州市余杭区", "文一西路969号", "西溪园区"),
    ("四川省成都市武侯区", "天府大道北段1700号", "环球中心"), ("江苏省苏州市工业园区", "星湖街328号", "创意产业园"),
)
SENDER_NAMES = ("京东自营", "天猫超市", "李宁官方旗舰店", "大药房旗舰店", "某某生鲜", "拼多多商家")
COURIERS = {"sf": "顺丰速运", "zto": "中通快递", "jd": "京东物流", "printed": "韵达快递"}
_ZH = "零一二三四五六七八九"


@dataclass(frozen=True)
class Household:
    destination: str  # building-unit-room, as the station writes it
    name: str
    phone: str


@dataclass(frozen=True)
class Waybill:
    name: str
    image: np.ndarray  # gray, uint8, 1280x720
    expected: str  # the destination a careful volunteer reads off it
    layout: str
    form: str
    recipient: tuple[str, ...]  # the recipient lines as printed


def zh_count(n: int) -> str:
    """10 -> 十, 12 -> 十二, 20 -> 二十: how building and unit numbers are written out."""
    if n < 10:
        return _ZH[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH[tens]) + "十" + (_ZH[ones] if ones else "")


def address_in(form: str, destination: str) -> str:
    building, unit, room = destination.split("-")
    b, u = int(building), int(unit)
    return {
        "haolou": f"{b}号楼{u}单元{room}室",
        "dong": f"{b}栋{u}单元{room}",
        "zhuang": f"{b}幢{u}单元{room}室",
        "dashes": f"{b}-{u}-{room}",
        "spaces": f"{b}栋 {u}单元 {room}室",
        "zh_numerals": f"{zh_count(b)}栋{zh_count(u)}单元{''.join(_ZH[int(c)] for c in room)}室",
        "hao_room": f"{b}号楼{u}单元{room}号",
    }[form]


def masked_name(name: str, rng: random.Random) -> str:
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1] if rng.random() < 0.5 else name[0] + "**"


def masked_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def recipient_lines(household: Household, form: str, rng: random.Random, *,
                    compound: str = "富民花园", city: str = "重庆市万州区") -> tuple[str, str]:
    person = f"{masked_name(household.name, rng)} {masked_phone(household.phone)}"
    place = compound if rng.random() < 0.85 else ""
    return person, f"{city}{place}{address_in(form, household.destination)}"


def sender_lines(rng: random.Random) -> tuple[str, str]:
    city, street, place = rng.choice(SENDERS)
    phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
    where = f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 25)}0{rng.randint(1, 4)}"
    return f"{rng.choice(SENDER_NAMES)} {masked_phone(phone)}", f"{city}{street}{place}{where}"


def _text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, mm: float, width_mm: float) -> float:
    """Draw `text` at `mm` character height, wrapped to `width_mm`; the height used, in px."""
    font = pil_font(round(mm * PX_PER_MM))
    x, y = xy
    line, used = "", 0.0
    for char in text:
        if font.getlength(line + char) > width_mm * PX_PER_MM and line:
            draw.text((x, y + used), line, font=font, fill=0)
            used += mm * PX_PER_MM * 1.35
            line = ""
        line += char
    draw.text((x, y + used), line, font=font, fill=0)
    return used + mm * PX_PER_MM * 1.35


def draw_waybill(layout: str, recipient: tuple[str, str], sender: tuple[str, str], tracking: str) -> Image.Image:
    """A 100x150 mm waybill in one courier's layout, drawn with PIL."""
    mm = PX_PER_MM
    image = Image.new("L", (100 * mm, 150 * mm), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((mm, mm, 99 * mm, 149 * mm), outline=0, width=3)
    _text(draw, (4 * mm, 3 * mm), COURIERS[layout], 7, 60)
    code = render_code128(tracking, module_px=4, height=16 * mm)
    image.paste(Image.fromarray(code), (6 * mm, 14 * mm))
    _text(draw, (12 * mm, 31 * mm), tracking, 3.2, 80)
    blocks = [("recipient", recipient, 4.2), ("sender", sender, 3.0)]
    if layout == "jd":
        blocks.reverse()
    y = 40 * mm
    for kind, (person, address), size in blocks:
        draw.line((mm, y, 99 * mm, y), fill=0, width=3)
        y += 2 * mm
        if layout == "zto":
            word = "收件人:" if kind == "recipient" else "寄件人:"
            y += _text(draw, (4 * mm, y), f"{word}{person}", size, 90)
            y += _text(draw, (4 * mm, y), ("收件地址:" if kind == "recipient" else "寄件地址:") + address,
                       size, 90)
        else:
            mark = "收" if kind == "recipient" else "寄"
            _text(draw, (3 * mm, y + 2 * mm), mark, 8, 12)
            used = _text(draw, (15 * mm, y), person, size, 80)
            used += _text(draw, (15 * mm, y + used), address, size, 80)
            y += max(used, 12 * mm)
        y += 3 * mm
    draw.line((mm, y, 99 * mm, y), fill=0, width=3)
    _text(draw, (4 * mm, y + 3 * mm), "物品: 日用品  件数: 1  已验视", 3, 90)
    _text(draw, (4 * mm, 140 * mm), "签收人/签收时间:", 3, 90)
    return image


def printed_waybill(recipient: tuple[str, str], sender: tuple[str, str], tracking: str) -> Image.Image:
    """The same content laid out and painted by the station's own label renderer (labels/)."""
    from labels.compose import plan_layout
    from labels.fonts import PilMetrics
    from labels.layout import Box, Field, Layout, LabelSize
    from labels.raster import paint

    layout = Layout(LabelSize("waybill", 100, 150), grid=(94, 144), margin_mm=3, fields=(
        Field("courier", Box(0, 0, 60, 9), bold=True),
        Field("tracking", Box(2, 11, 90, 18), kind="code128"),
        Field("tracking", Box(10, 30, 74, 5), align="center"),
        Field("mark_to", Box(0, 40, 10, 12), bold=True),
        Field("to_person", Box(12, 38, 82, 7)),
        Field("to_address", Box(12, 46, 82, 15), max_lines=2),
        Field("mark_from", Box(0, 68, 10, 9), bold=True),
        Field("from_person", Box(12, 66, 82, 5)),
        Field("from_address", Box(12, 72, 82, 10), max_lines=2),
        Field("note", Box(0, 90, 94, 5)),
    ))
    texts = {"courier": COURIERS["printed"], "tracking": tracking, "mark_to": "收", "mark_from": "寄",
             "to_person": recipient[0], "to_address": recipient[1], "from_person": sender[0],
             "from_address": sender[1], "note": "物品: 日用品 件数: 1"}
    dots = paint(plan_layout(layout, texts, 203, PilMetrics()))
    scale = 100 * PX_PER_MM / dots.width
    return dots.convert("L").resize((100 * PX_PER_MM, round(dots.height * scale)), Image.BILINEAR)


def _background(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    coarse = cv2.resize(rng.normal(0, 1, (h // 40 + 2, w // 40 + 2)).astype(np.float32), (w, h),
                        interpolation=cv2.INTER_CUBIC)
    return np.clip(rng.uniform(100, 160) + 14 * coarse, 0, 255).astype(np.float32)


def photograph(paper: Image.Image, rng: np.random.Generator, *, angle: float, skew: float,
               label_height: float) -> np.ndarray:
    """The waybill lying in a 1280x720 frame, `label_height` px tall, turned by `angle` degrees."""
    w, h = FRAME_SIZE
    label = np.asarray(paper, dtype=np.float32) * rng.uniform(0.9, 0.98)
    lh, lw = label.shape
    scale = label_height / lh
    out_w, out_h = lw * scale, lh * scale
    theta = np.deg2rad(angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    corners = (np.array([[-out_w, -out_h], [out_w, -out_h], [out_w, out_h], [-out_w, out_h]]) / 2) @ rot.T
    room = np.maximum(np.array([w, h]) - (corners.max(axis=0) - corners.min(axis=0)), 0)
    centre = np.array([w, h]) / 2 + rng.uniform(-0.4, 0.4, 2) * room
    jitter = rng.uniform(-skew, skew, (4, 2)) * np.array([out_w, out_h])
    dst = (corners + centre + jitter).astype(np.float32)
    src = np.array([[0, 0], [lw, 0], [lw, lh], [0, lh]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    soft = cv2.GaussianBlur(label, (0, 0), 0.45 / scale)
    warped = cv2.warpPerspective(soft, matrix, (w, h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones_like(soft), matrix, (w, h), flags=cv2.INTER_LINEAR)
    return _background(rng, (w, h)) * (1 - mask) + warped * mask


def camera(frame: np.ndarray, rng: np.random.Generator, level: int) -> np.ndarray:
    """Uneven light, focus blur, sensor noise and JPEG, `level` 0 (kind) to 2 (harsh)."""
    h, w = frame.shape
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    fall = 1 - (0.15 + 0.12 * level) * np.hypot(xx - cx, yy - cy) / np.hypot(w, h)
    frame = frame * fall * rng.uniform(0.75, 1.05)
    frame = cv2.GaussianBlur(frame, (0, 0), (0.5, 0.9, 1.3)[level] + rng.uniform(0, 0.3))
    frame = sensor(frame, rng, (2.0, 3.5, 5.0)[level])
    quality = int(rng.integers(*((70, 90), (45, 70), (30, 45))[level]))
    ok, buf = cv2.imencode(".jpg", np.clip(frame, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def waybill_photo(household: Household, *, seed: int, layout: str | None = None, form: str | None = None,
                  level: int | None = None, angle: float | None = None,
                  label_height: float | None = None) -> Waybill:
    """One photo of a waybill addressed to `household`; the rest is drawn from `seed` (the turn
    within 8 degrees and the label 640-700 px tall, unless given)."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    layout = layout or rng.choice(LAYOUTS)
    form = form or rng.choice(FORMS)
    level = rng.choice((0, 0, 1, 1, 2)) if level is None else level
    recipient = recipient_lines(household, form, rng)
    sender = sender_lines(rng)
    tracking = "SF" + "".join(rng.choice("0123456789") for _ in range(13))
    paper = (printed_waybill(recipient, sender, tracking) if layout == "printed"
             else draw_waybill(layout, recipient, sender, tracking))
    drawn_angle, skew, drawn_height = rng.uniform(-8, 8), rng.uniform(0, 0.04), rng.uniform(640, 700)
    frame = photograph(paper, nrng, angle=drawn_angle if angle is None else angle, skew=skew,
                       label_height=drawn_height if label_height is None else label_height)
    image = camera(frame, nrng, level)
    return Waybill(f"{seed}-{layout}-{form}-{level}", image, household.destination, layout, form, recipient)


def demo_households(seed: int = 7) -> list[Household]:
    """The small demo compound's roster, as the generator addresses it."""
    from station.demo.roster import demo_roster
    from station.site import load_site
    from tests.support import DEMO

    site = load_site(DEMO / "small.toml")
    return [Household(f"{r.building}-{r.unit}-{r.room}", r.name, r.phone) for r in demo_roster(site, seed=seed)
            if r.name and r.phone]
