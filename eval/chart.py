"""A horizontal bar chart as a small self-contained SVG (no plotting library needed)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

_LABEL_W = 110
_BAR_W = 300
_ROW_H = 26
_TOP = 36
_FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="12"'


def f1_bar_chart(bars: Sequence[tuple[str, float | None]], title: str) -> str:
    """One bar per (label, value in 0..1); a value of None is drawn as "n/a" with no bar."""
    width = _LABEL_W + _BAR_W + 150  # room for a long title (extractor, model, prompt)
    height = _TOP + _ROW_H * len(bars) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="20" {_FONT} font-weight="bold">{escape(title)}</text>',
    ]
    for tick in (0.0, 0.5, 1.0):
        x = _LABEL_W + tick * _BAR_W
        bottom = _TOP + _ROW_H * len(bars)
        parts.append(
            f'<line x1="{x:.0f}" y1="{_TOP - 4}" x2="{x:.0f}" y2="{bottom}" stroke="#dddddd"/>'
        )
        parts.append(
            f'<text x="{x:.0f}" y="{bottom + 14}" {_FONT} fill="#666666" '
            f'text-anchor="middle">{tick:.1f}</text>'
        )
    for i, (label, value) in enumerate(bars):
        y = _TOP + i * _ROW_H
        label_at = f'x="{_LABEL_W - 8}" y="{y + 16}"'
        parts.append(f'<text {label_at} {_FONT} text-anchor="end">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{_LABEL_W + 4}" y="{y + 16}" {_FONT} fill="#999999">n/a</text>')
            continue
        length = max(0.0, min(1.0, value)) * _BAR_W
        parts.append(
            f'<rect x="{_LABEL_W}" y="{y + 4}" width="{length:.1f}" height="{_ROW_H - 8}" '
            f'fill="#3b6ea5"><title>{escape(label)}: {value:.3f}</title></rect>'
        )
        parts.append(
            f'<text x="{_LABEL_W + length + 4:.1f}" y="{y + 16}" {_FONT}>{value:.2f}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
