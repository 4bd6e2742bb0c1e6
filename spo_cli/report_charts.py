"""The report's charts as inline SVG (matplotlib's SVG backend; no Agg, no pyplot, no GUI).

Text is drawn as paths (svg.fonttype "path"), so the charts look the same on any machine and
carry no font references; the output holds no script, link or external reference. Labels are
months, counts and the catalogue's term keys: never case text.
"""

from __future__ import annotations

import io
import re
from typing import Any

INK, GRID = "#1b1b1b", "#d0d4d9"
# Colour-blind-safe (Okabe-Ito) and distinct in greyscale print.
COLOURS = {"applications": "#0072B2", "granted": "#009E73", "refused": "#D55E00",
           "adjourned": "#E69F00", "withdrawn": "#999999", "bars": "#0072B2",
           "median": "#D55E00", "p90": "#1b1b1b"}


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("svg")  # never the Agg raster backend
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({
        "svg.fonttype": "path", "svg.hashsalt": "spo-report", "font.family": "DejaVu Sans",
        "font.size": 9, "axes.edgecolor": INK, "axes.labelcolor": INK, "xtick.color": INK,
        "ytick.color": INK, "axes.spines.top": False, "axes.spines.right": False})
    return Figure(figsize=(width, height))


def _svg(figure: Any, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # drop the XML declaration and DOCTYPE for inlining
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)  # generator notes
    # three charts share one page: give each its own ids so no reference crosses charts
    prefix = re.sub(r"[^a-z]", "", title.lower())[:12] + "-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: m.group(1) + prefix + m.group(2), text)
    # an accessible name for screen readers; the title is ours, never case text
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{title}" ', text, count=1)


def monthly(by_month: dict[str, dict[str, int]], outcomes: dict[str, dict[str, int]]) -> str:
    """Per month: applications made (one bar) beside the outcomes decided (one stacked bar)."""
    months = list(by_month)
    figure = _figure(7.6, 2.5)
    axes = figure.add_subplot()
    left = [i - 0.2 for i in range(len(months))]
    right = [i + 0.2 for i in range(len(months))]
    axes.bar(left, [sum(by_month[m].values()) for m in months], 0.38, label="Applications",
             color=COLOURS["applications"])
    base = [0] * len(months)
    for result in ("granted", "refused", "withdrawn", "adjourned"):
        values = [outcomes.get(m, {}).get(result, 0) for m in months]
        axes.bar(right, values, 0.38, bottom=base, label=f"Outcome: {result}",
                 color=COLOURS[result])
        base = [b + v for b, v in zip(base, values, strict=True)]
    axes.set_xticks(range(len(months)), [_month_label(m) for m in months], rotation=60,
                    ha="right")
    axes.set_ylabel("cases")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.legend(ncols=5, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0),
                fontsize=8, handlelength=1.2, columnspacing=1.0)
    return _svg(figure, "Applications and outcomes by month")


def _month_label(month: str) -> str:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[int(month[5:7]) - 1]} {month[2:4]}"


def time_to_order(days: list[int], median: float | None, p90: int | None) -> str:
    """How many orders took how long from complaint to order (histogram, 2-week bins)."""
    figure = _figure(7.6, 2.6)
    axes = figure.add_subplot()
    if days:
        top = max(days) // 28 * 28 + 28  # the bands end on a four-week mark
        axes.hist(days, bins=range(0, top + 1, 14), color=COLOURS["bars"], edgecolor="white")
        axes.set_xticks(range(0, top + 1, 28))
        for value, name, style in ((median, "median", "-"), (p90, "90th percentile", "--")):
            if value is not None:
                axes.axvline(value, color=COLOURS["median" if name == "median" else "p90"],
                             linestyle=style, linewidth=1.4,
                             label=f"{name}: {value:g} days")
        axes.legend(frameon=False, loc="upper right")
    else:
        axes.text(0.5, 0.5, "No orders made in the period", ha="center", va="center",
                  transform=axes.transAxes)
    axes.set_xlabel("days from complaint to order (two-week bands)")
    axes.set_ylabel("orders")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    return _svg(figure, "Time from complaint to order")


def terms(used: list[dict[str, Any]], labels: dict[str, str]) -> str:
    """The most used terms (horizontal bars, most used on top)."""
    top = used[:10]
    figure = _figure(7.6, 0.5 + 0.28 * max(len(top), 2))
    axes = figure.add_subplot()
    names = [labels.get(t["term"], t["term"]) for t in reversed(top)]
    values = [t["orders"] for t in reversed(top)]
    bars = axes.barh(names, values, color=COLOURS["bars"])
    axes.bar_label(bars, padding=3)
    axes.set_xlabel("orders made with the term")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)
    if not top:
        axes.text(0.5, 0.5, "No orders made in the period", ha="center", va="center",
                  transform=axes.transAxes)
    return _svg(figure, "Most used terms")
