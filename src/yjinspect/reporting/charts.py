"""Charts as SVG: key question percentages against the band thresholds, and ratings at a glance.

Each chart carries a text alternative and its data as a table, so a reader who cannot see it, or a
format that cannot show SVG (Word), loses nothing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from html import escape

from yjinspect.engine.framework import Framework, RatedBy, Rating
from yjinspect.engine.rating import NOT_RATED, InspectionResult
from yjinspect.reporting.document import Cell, Chart, Figure, Label, Table, Text

# Colours with at least 3:1 contrast against white, told apart by text labels as well.
RATING_COLOURS = {
    Rating.OUTSTANDING.value: "#00703c",
    Rating.GOOD.value: "#1d70b8",
    Rating.REQUIRES_IMPROVEMENT.value: "#b35c00",
    Rating.INADEQUATE.value: "#d4351c",
    NOT_RATED: "#6f777b",
}


def key_question_chart(framework: Framework, result: InspectionResult, domain_id: str) -> Chart | None:
    """Return a horizontal bar chart of a domain's key question percentages with the band thresholds."""
    rows = [
        (q.id, q.percent, q.band.value if q.band else NOT_RATED)
        for s in result.standards
        if framework.domain_of(s.id).id == domain_id and s.rated_by is RatedBy.CASE_ANSWERS
        for q in s.key_questions
    ]
    if not rows:
        return None
    bar_height, gap, left, width = 18, 8, 60, 420
    height = len(rows) * (bar_height + gap) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 60} {height}" width="{left + width + 60}" '
        f'height="{height}" role="img" aria-labelledby="chart-{domain_id}-title">',
        f'<title id="chart-{domain_id}-title">Key questions in domain {escape(domain_id)}: percentage answered yes</title>',
    ]
    for band in framework.bands[:-1]:
        x = left + width * band.min_percent / 100
        parts.append(f'<line x1="{x}" y1="10" x2="{x}" y2="{height - 20}" stroke="#505a5f" stroke-dasharray="4 3"/>')
        parts.append(
            f'<text x="{x}" y="{height - 6}" font-size="11" text-anchor="middle" fill="#0b0c0c">{band.min_percent}%</text>'
        )
    for index, (question_id, percent, band_name) in enumerate(rows):
        y = 14 + index * (bar_height + gap)
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end" fill="#0b0c0c">{escape(question_id)}</text>'
        )
        if percent is None:
            parts.append(f'<text x="{left + 4}" y="{y + 13}" font-size="12" fill="#0b0c0c">not scored</text>')
            continue
        parts.append(
            f'<rect x="{left}" y="{y}" width="{width * percent / 100:.1f}" height="{bar_height}" fill="{RATING_COLOURS[band_name]}"/>'
        )
        parts.append(
            f'<text x="{left + width * percent / 100 + 4:.1f}" y="{y + 13}" font-size="12" fill="#0b0c0c">{percent}%</text>'
        )
    parts.append("</svg>")
    thresholds = ", ".join(f"{b.min_percent}% for {b.rating.value}" for b in framework.bands[:-1])
    described = "; ".join(f"{q} {p}%" if p is not None else f"{q} not scored" for q, p, _ in rows)
    data = Table(
        f"Key question percentages, domain {domain_id}",
        ("Key question", "% yes", "Band"),
        tuple(
            (
                Cell((Label(q),)),
                Cell((Figure(f"{p}%" if p is not None else "not scored", ("kq_percent", q)),), numeric=True),
                Cell((Figure(b, ("kq_band", q)),)),
            )
            for q, p, b in rows
        ),
    )
    return Chart(
        f"Key questions in domain {domain_id}",
        f"Bar chart of the percentage answered yes for each key question, "
        f"against the band thresholds ({thresholds}): {described}.",
        "".join(parts),
        data,
    )


def ratings_chart(framework: Framework, result: InspectionResult) -> Chart:
    """Return the standards' ratings at a glance, one coloured tile each, labelled in words."""
    # Each tile names its standard in full, wrapped to the tile: cut at 18 characters, "1.3 Partnerships
    # and services" read "1.3 Partnerships an". The SVG cannot wrap text itself, so lines are made here
    # at a width that Arial bold (named, so that every renderer measures the same font) keeps inside.
    tile_w, gap, name_size, line_h = 170, 8, 12, 15
    chars_per_line = int((tile_w - 16) / (name_size * 0.62))
    names = {
        d.id: textwrap.wrap(f"{d.id} {d.name}", chars_per_line, break_long_words=True)
        for domain in framework.domains
        for d in domain.standards
    }
    lines = max((len(n) for n in names.values()), default=1)
    tile_h = 18 + (lines - 1) * line_h + 19 + 10  # first baseline, further name lines, the rating's line, padding
    columns = max(len(d.standards) for d in framework.domains)
    width = columns * (tile_w + gap) + 10
    height = len(framework.domains) * (tile_h + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'font-family="Arial, Helvetica, sans-serif" role="img" aria-labelledby="ratings-chart-title">'
        '<title id="ratings-chart-title">Ratings at a glance</title>'
    ]
    for row, domain in enumerate(framework.domains):
        for column, definition in enumerate(domain.standards):
            standard = result.standard(definition.id)
            rating = standard.rating.value if standard.rating else NOT_RATED
            x, y = 5 + column * (tile_w + gap), 5 + row * (tile_h + gap)
            parts.append(f'<rect x="{x}" y="{y}" width="{tile_w}" height="{tile_h}" rx="4" fill="{RATING_COLOURS[rating]}"/>')
            name_lines = "".join(
                f'<tspan x="{x + 8}" y="{y + 18 + index * line_h}">{escape(line)}</tspan>'
                for index, line in enumerate(names[definition.id])
            )
            parts.append(f'<text font-size="{name_size}" font-weight="bold" fill="#ffffff">{name_lines}</text>')
            parts.append(f'<text x="{x + 8}" y="{y + tile_h - 10}" font-size="12" fill="#ffffff">{escape(rating)}</text>')
    parts.append("</svg>")
    data = Table(
        "Ratings at a glance",
        ("Standard", "Rating"),
        tuple(
            (
                Cell((Label(s.id), Text(" " + s.name))),
                Cell((Figure(s.rating.value if s.rating else NOT_RATED, ("standard_rating_plain", s.id)),)),
            )
            for s in result.standards
        ),
    )
    described = "; ".join(f"{s.id} {s.name}: {s.rating.value if s.rating else NOT_RATED}" for s in result.standards)
    return Chart("Ratings at a glance", f"Each standard's rating: {described}.", "".join(parts), data)


def distribution_chart(distribution: Mapping[str, Mapping[str, int]]) -> Chart:
    """Return a stacked bar per standard: how many inspections gave each rating."""
    order = [r.value for r in Rating] + [NOT_RATED]
    most = max((sum(c.values()) for c in distribution.values()), default=1) or 1
    left, width, bar, gap = 50, 420, 18, 8
    # The key sits below the bars, two to a row in columns wide enough for "Requires improvement":
    # one row of four, 110 pixels apart, ran that name into the next swatch.
    key_columns, key_column_width, key_row = 2, 210, 18
    bars_end = 10 + len(distribution) * (bar + gap)
    height = bars_end + 10 + -(-len(order) // key_columns) * key_row
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 20} {height}" width="{left + width + 20}" '
        f'height="{height}" role="img" aria-labelledby="distribution-title"><title id="distribution-title">Ratings per standard '
        "across published inspections</title>"
    ]
    for index, (standard, counts) in enumerate(distribution.items()):
        y, x = 10 + index * (bar + gap), float(left)
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end" fill="#0b0c0c">{escape(standard)}</text>'
        )
        for rating in order:
            count = counts.get(rating, 0)
            if count:
                w = width * count / most
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{RATING_COLOURS[rating]}"/>')
                parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="11" fill="#ffffff">{count}</text>')
                x += w
    for index, rating in enumerate(order):
        key_x = left + (index % key_columns) * key_column_width
        key_y = bars_end + 10 + (index // key_columns) * key_row + 10  # the text's baseline
        parts.append(
            f'<g class="yj-chart-key"><rect x="{key_x}" y="{key_y - 10}" width="12" height="12" fill="{RATING_COLOURS[rating]}"/>'
            f'<text x="{key_x + 16}" y="{key_y}" font-size="11" fill="#0b0c0c">{escape(rating)}</text></g>'
        )
    parts.append("</svg>")
    data = Table(
        "Ratings per standard",
        ("Standard", *order),
        tuple(
            (Cell((Label(s),)), *(Cell((Figure(str(c.get(r, 0)), ("distribution", s, r)),), numeric=True) for r in order))
            for s, c in distribution.items()
        ),
    )
    described = "; ".join(f"{s}: " + ", ".join(f"{c[r]} {r}" for r in order if c.get(r)) for s, c in distribution.items())
    return Chart(
        "Ratings per standard",
        f"Stacked bars of how many inspections gave each rating, per standard: {described}.",
        "".join(parts),
        data,
    )


def spread_chart(rows: Sequence[tuple[str, int, int, float, int | None]], title: str) -> Chart:
    """Return lowest-to-highest ranges per item with the average marked, and one service's own figure."""
    left, width, row_h = 90, 400, 22
    height = len(rows) * row_h + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 20} {height}" width="{left + width + 20}" '
        f'height="{height}" role="img" aria-labelledby="spread-title"><title id="spread-title">{escape(title)}</title>'
    ]
    for index, (item, low, high, average, own) in enumerate(rows):
        y = 12 + index * row_h
        parts.append(f'<text x="{left - 6}" y="{y + 5}" font-size="11" text-anchor="end" fill="#0b0c0c">{escape(item)}</text>')
        parts.append(
            f'<line x1="{left + width * low / 100:.1f}" y1="{y}" x2="{left + width * high / 100:.1f}" y2="{y}" stroke="#505a5f" stroke-width="6"/>'
        )
        parts.append(
            f'<line x1="{left + width * average / 100:.1f}" y1="{y - 7}" x2="{left + width * average / 100:.1f}" y2="{y + 7}" stroke="#0b0c0c" stroke-width="2"/>'
        )
        if own is not None:
            parts.append(f'<circle cx="{left + width * own / 100:.1f}" cy="{y}" r="5" fill="#1d70b8" stroke="#ffffff"/>')
    parts.append("</svg>")
    data = Table(
        title,
        ("Item", "Lowest", "Highest", "Average", "This service"),
        tuple(
            (
                Cell((Label(i),)),
                Cell((Figure(f"{lo}%", ("spread", i, "lowest")),), numeric=True),
                Cell((Figure(f"{hi}%", ("spread", i, "highest")),), numeric=True),
                Cell((Figure(f"{av:g}%", ("spread", i, "average")),), numeric=True),
                Cell((Figure(f"{own}%" if own is not None else "-", ("spread", i, "own")),), numeric=True),
            )
            for i, lo, hi, av, own in rows
        ),
    )
    described = "; ".join(
        f"{i}: {lo}% to {hi}%, average {av:g}%" + (f", this service {own}%" if own is not None else "")
        for i, lo, hi, av, own in rows
    )
    return Chart(
        title,
        f"Ranges from lowest to highest, with the average marked and the chosen service as a dot: {described}.",
        "".join(parts),
        data,
    )
