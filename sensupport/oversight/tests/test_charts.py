"""The SVG charts beside the tables: hidden from assistive technology (the table is the accessible
version), a suppressed figure drawn as its text with no bar, labels escaped."""

from __future__ import annotations

from sensupport.oversight.charts import bar_chart
from sensupport.oversight.tables import Bar


def test_a_suppressed_figure_has_no_bar_and_says_so():
    svg = bar_chart([Bar("Oak <Primary>", 40.0, "40%"), Bar("Elm", None, "fewer than 5"), Bar("Ash", 20.0, "20%")])
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg
    assert svg.count("<rect") == 2
    assert "fewer than 5" in svg and "Oak &lt;Primary&gt;" in svg
    widths = [int(part.split('"')[0]) for part in svg.split('width="')[2:]]
    assert widths[0] == 2 * widths[1]  # 40% is twice as long as 20%


def test_no_bars_no_chart():
    assert bar_chart([]) == ""
