"""Inline SVG charts for the executive summary: horizontal stacked bars, no chart library.

Colours are presentation attributes (not `style=`), so the page's CSP needs no 'unsafe-inline'.
Labels are escaped like every other value.
"""

from __future__ import annotations

from html import escape

COLORS = {
    "fail": "#c62828", "failed": "#c62828",
    "error": "#6a3fb5",
    "unknown": "#a86b00",
    "waived": "#5f6b76",
    "pass": "#2e7d32", "passed": "#2e7d32",
    "manual": "#1f5fa8",
    "n/a": "#8a949e",
}


def stacked_bars(title: str, rows: list[tuple[str, dict[str, int]]], categories: tuple[str, ...], labels: dict[str, str] | None = None) -> str:
    """One bar per row, one segment per category, counts written in segments wide enough for them."""
    label_w, bar_w, total_w, row_h, gap = 150, 380, 60, 22, 8
    width = label_w + bar_w + total_w
    height = len(rows) * (row_h + gap) + 34
    top = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, counts) in enumerate(rows):
        y = i * (row_h + gap)
        parts.append(f'<text x="0" y="{y + 15}">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{row_h}" fill="#eef2f6"/>')
        x = float(label_w)
        for category in categories:
            n = counts.get(category, 0)
            if not n:
                continue
            w = bar_w * n / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" fill="{COLORS[category]}">'
                f"<title>{escape(label)}: {n} {escape((labels or {}).get(category, category))}</title></rect>"
            )
            if w >= 22:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" fill="#fff">{n}</text>')
            x += w
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 15}">{sum(counts.values())}</text>')
    y = len(rows) * (row_h + gap) + 8
    x = 0
    for category in categories:
        label = (labels or {}).get(category, category)
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLORS[category]}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 11}">{escape(label)}</text>')
        x += 26 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)
