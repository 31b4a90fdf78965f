"""Geometry for the server-drawn SVG charts (no scripts, no images): a scatter and horizontal bars."""
from __future__ import annotations

from typing import Any, Sequence

__all__ = ["scatter", "bars"]


def scatter(points: Sequence[tuple[float, float, str, bool]], *, width: int = 560, height: int = 300) -> dict[str, Any]:
    """Place (facility %, discrimination index, item id, flagged) points: x = facility, y = discrimination."""
    left, right, top, bottom = 48, 16, 14, 40
    pw, ph = width - left - right, height - top - bottom

    def x(f: float) -> float:
        return round(left + pw * max(0.0, min(100.0, f)) / 100.0, 1)

    def y(d: float) -> float:
        return round(top + ph * (100.0 - max(-100.0, min(100.0, d))) / 200.0, 1)

    return {
        "width": width, "height": height, "left": left, "top": top, "right": left + pw, "bottom": top + ph,
        "points": [{"cx": x(f), "cy": y(d), "id": item_id, "flagged": flagged, "facility": f, "disc": d}
                   for f, d, item_id, flagged in points],
        "xticks": [{"x": x(v), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)],
        "yticks": [{"y": y(v), "label": str(v)} for v in (-100, -50, 0, 30, 50, 100)],
        "bands": {"very": (y(30), y(-100)), "likely": (y(50), y(30))},
        "zero": y(0),
    }


def bars(rows: Sequence[tuple[str, float, int]], *, width: int = 560, bar: int = 22, gap: int = 10) -> dict[str, Any]:
    """Lay out horizontal bars of (label, share in [0, 1], count)."""
    label_w = 200
    plot_w = width - label_w - 60
    out = []
    for k, (label, share, count) in enumerate(rows):
        share = max(0.0, min(1.0, share))
        out.append({"y": k * (bar + gap), "label": label, "w": round(plot_w * share, 1), "share": share,
                    "count": count, "ty": k * (bar + gap) + bar * 0.7})
    return {"width": width, "height": max(1, len(rows)) * (bar + gap), "bar": bar, "label_w": label_w,
            "plot_w": plot_w, "rows": out}
