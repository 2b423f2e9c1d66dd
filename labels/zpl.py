"""ZPL II for Zebra thermal printers: the printer draws the barcodes (^BC, ^BQ) and every
other field is sent as a ^GFA bitmap, because Zebra fonts have no Chinese glyphs."""

from __future__ import annotations

from PIL import Image, ImageChops

from labels.compose import CodeOp, Plan
from labels.layout import LabelSize
from labels.raster import packed_rows, paint

QR_MAX_MAGNIFICATION = 10  # ^BQ accepts 1-10


def field_data(data: str) -> str:
    """A ^FD command that survives ^ and ~ in the data (hex escapes after ^FH)."""
    if any(ch in data for ch in "^~_"):
        return "^FH_^FD" + "".join(f"_{ord(ch):02X}" if ch in "^~_" else ch for ch in data)
    return "^FD" + data


def ink(image: Image.Image) -> Image.Image:
    """Black dots as 1 bits. (ImageChops.invert leaves mode "1" images all white.)"""
    return ImageChops.logical_xor(image, Image.new("1", image.size, 1))


def graphic_field(image: Image.Image) -> str:
    """^GFA of a mode "1" image (white = 1 in Pillow; ZPL wants 1 = a black dot)."""
    rows = packed_rows(image, black=1)  # padding bits at each row's end stay 0: no stray dots
    data = rows.tobytes()
    bytes_per_row = rows.shape[1]
    return f"^GFA,{len(data)},{len(data)},{bytes_per_row},{data.hex().upper()}"


def barcode_command(op: CodeOp) -> str:
    if op.symbology == "code128":
        # Mode A lets the printer choose subsets, as python-barcode did for the plan.
        return (f"^FO{op.x},{op.y}^BY{op.module},3,{op.height}"
                f"^BCN,{op.height},N,N,N,A{field_data(op.data)}^FS")
    magnification = min(op.module, QR_MAX_MAGNIFICATION)
    return f"^FO{op.x},{op.y}^BQN,2,{magnification}{field_data('MA,' + op.data)}^FS"


def label_zpl(plan: Plan, size: LabelSize, *, copies: int = 1) -> str:
    image = paint(plan, keep=lambda op: not isinstance(op, CodeOp))
    commands = ["^XA", "^CI28", f"^PW{plan.width}", f"^LL{plan.height}", "^LH0,0"]
    if size.continuous:
        commands.append("^MNN")
    for field in plan.fields:
        for op in field.ops:
            if isinstance(op, CodeOp):
                commands.append(barcode_command(op))
        if any(not isinstance(op, CodeOp) for op in field.ops):
            x, y, w, h = field.box
            crop = image.crop((x, y, x + w, y + h))
            inked = ink(crop).getbbox()
            if inked:
                left, top, _, _ = inked
                commands.append(f"^FO{x + left},{y + top}" + graphic_field(crop.crop(inked)) + "^FS")
    commands += [f"^PQ{copies}", "^XZ"]
    return "\n".join(commands) + "\n"
