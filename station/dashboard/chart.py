"""The per-hour chart as plain geometry (pure): the template draws it as inline SVG.

No chart library and no script: the gate PC may be offline and the page's CSP allows no
inline code; a few rectangles and lines are all a bar chart needs.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 960, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 28


@dataclass(frozen=True)
class Bar:
    series: str
    hour: int
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    bottom_y: float
    right_x: float
    top: int
    bars: list[Bar]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    maximum: int
    totals: dict[str, int]


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (at least 5)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= max(value, 5):
                return factor * step
        step *= 10


def hourly_chart(series: dict[str, list[int]], *, width: int = WIDTH, height: int = HEIGHT) -> Chart:
    """Grouped bars, one group per local hour, one bar per series (e.g. received, delivered)."""
    names = list(series)
    hours = max((len(values) for values in series.values()), default=24)
    maximum = nice_ceiling(max((max(values, default=0) for values in series.values()), default=0))
    plot_w = width - LEFT - RIGHT
    plot_h = height - TOP - BOTTOM
    slot = plot_w / hours
    bar_w = slot * 0.8 / max(len(names), 1)
    bars = []
    for hour in range(hours):
        for index, name in enumerate(names):
            value = series[name][hour] if hour < len(series[name]) else 0
            bar_h = plot_h * value / maximum
            bars.append(Bar(name, hour, value, x=round(LEFT + hour * slot + slot * 0.1 + index * bar_w, 2),
                            y=round(TOP + plot_h - bar_h, 2), width=round(bar_w, 2),
                            height=round(bar_h, 2)))
    y_ticks = [Tick(round(TOP + plot_h - plot_h * i / 4, 2), str(maximum * i // 4)) for i in range(5)]
    x_ticks = [Tick(round(LEFT + hour * slot + slot / 2, 2), f"{hour:02d}") for hour in range(0, hours, 2)]
    return Chart(width, height, LEFT, TOP + plot_h, width - RIGHT, TOP, bars, y_ticks, x_ticks,
                 maximum, {name: sum(values) for name, values in series.items()})
