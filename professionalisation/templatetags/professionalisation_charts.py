"""The one chart helper of professional development's pages: a horizontal bar chart drawn on the
server as inline SVG (no script, no style attribute: the CSP allows neither), and the `percent`
filter that shows a rate the same way in the chart and in its table.

    {% load professionalisation_charts %}
    {% bar_chart bars chart_id="regions" title=title description=description %}

`bars` is a list of (label, value) pairs, a value an int or None (nothing to count: no bar, a dash).
Values are percentages unless `unit` is "" (counts: the longest bar is the largest value). The SVG
has role="img", an aria-label (the title), a <title> and a <desc> that reads the numbers out, and
scales to the width of its container through its viewBox; the page shows the same numbers in a
table beside it, the accessible fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext

register = template.Library()

WIDTH = 640
ROW = 52  # height of one bar with its label
LABEL_Y = 18  # the label's baseline within its row
BAR_Y = 26  # the bar's top within its row
BAR_HEIGHT = 18
BAR_WIDTH = 540  # the longest bar, leaving room for its value after it
PADDING = 8


def show(value: int | float | None, unit: str = "%") -> str:
    """A value as the pages show it: "75%" for a rate, "12" for a count, "–" for nothing."""
    if value is None:
        return "–"
    return f"{value}{unit}"


@register.filter
def percent(value: int | None) -> str:
    return show(value)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | None
    text: str
    label_y: int
    bar_y: int
    text_y: int
    width: int
    text_x: int


@register.inclusion_tag("professionalisation/charts/bar_chart.html")
def bar_chart(bars: list, chart_id: str, title: str, description: str = "", unit: str = "%") -> dict:
    pairs = [(str(label), value) for label, value in bars]
    largest = 100 if unit == "%" else max([value or 0 for _label, value in pairs] + [1])
    drawn = []
    for number, (label, value) in enumerate(pairs):
        top = PADDING + number * ROW
        width = 0 if value is None else round(BAR_WIDTH * min(max(value, 0), largest) / largest)
        drawn.append(
            Bar(
                label=label,
                value=value,
                text=show(value, unit),
                label_y=top + LABEL_Y,
                bar_y=top + BAR_Y,
                text_y=top + BAR_Y + BAR_HEIGHT - 4,
                width=width,
                text_x=width + 8,
            )
        )
    numbers = "; ".join(f"{bar.label}: {bar.text}" for bar in drawn) or gettext("No data.")
    return {
        "chart_id": chart_id,
        "title": title,
        "description": f"{description} {numbers}".strip() if description else numbers,
        "bars": drawn,
        "width": WIDTH,
        "height": PADDING * 2 + max(len(drawn), 1) * ROW,
        "track_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
