"""Server-rendered SVG charts: geometry only (numbers in, shapes out); the templates draw them.

No JavaScript and nothing fetched from elsewhere, so the charts work offline and under CSP default-src 'self'."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    href: str
    value: int  # 任务占比, percent
    y: float
    width: float
    tone: str  # done | behind | ok


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bars: list[Bar]
    bar_height: float
    progress_x: float
    progress_label: str
    ticks: list[tuple[float, str]]


def ratio_bars(items: list[tuple[str, str, int, bool]], progress_percent: float, progress_label: str) -> BarChart:
    """One bar per unit (label, link, 任务占比 %, completed?) against a vertical line at the time progress."""
    left, right, row, top = 112, 40, 18, 24
    width = 420
    span = max(100, progress_percent, *(v for _, _, v, _ in items)) if items else 100
    scale = (width - left - right) / span
    bars = [
        Bar(
            label,
            href,
            value,
            top + i * row,
            max(0.0, value) * scale,
            "done" if done else ("behind" if value < progress_percent else "ok"),
        )
        for i, (label, href, value, done) in enumerate(items)
    ]
    ticks = [(left + p * scale, f"{p}%") for p in range(0, int(span) + 1, 25)]
    return BarChart(
        width, top + len(items) * row + 8, left, bars, row * 0.7, left + progress_percent * scale, progress_label, ticks
    )


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    score: str  # SVG polyline points
    target: str
    dots: list[tuple[float, float, str]]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    left: int
    bottom: int


def cumulative_lines(points: list[tuple[float, int, str]], target: int) -> LineChart:
    """Cumulative score (month position, points, label) against the pro-rata target: position 0 is 1 January,
    m the end of month m, so the target line runs straight from 0 to the annual target at 12."""
    width, height, left, right, top, bottom = 640, 300, 48, 16, 16, 268
    high = max(target, *(p for _, p, _ in points), 1) if points else max(target, 1)
    low = min(0, *(p for _, p, _ in points)) if points else 0
    step = _nice_step(high - low)

    def x(month: float) -> float:
        return left + month / 12 * (width - left - right)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    score = [(0, 0), *((m, v) for m, v, _ in points)]
    return LineChart(
        width,
        height,
        " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in score),
        f"{x(0):.1f},{y(0):.1f} {x(12):.1f},{y(target):.1f}",
        [(x(m), y(v), f"{label} {v} 分") for m, v, label in points],
        [(x(m), f"{m}月") for m in range(1, 13)],
        [(y(v), str(v)) for v in range(int(low // step * step), int(high) + 1, step)],
        left,
        bottom,
    )


def _nice_step(span: float) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if span / step <= 6:
            return step
    return 2000
