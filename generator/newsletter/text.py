"""The text edition: the newsletter as plain UTF-8, in reading order.

For braille transcription, audio recording and translation services: no tables,
no icons, no hard line breaks inside a paragraph (a braille display or a
translation tool wraps lines itself).  Headings are underlined; each standard is
a short block of "Label: value" lines; Markdown from the data is turned into
plain sentences and lists.
"""

from __future__ import annotations

import html
import re

from generator.newsletter.content import HEADING, Content, note_words
from generator.present import markup, words
from generator.present.actions import action_name, done_line, late_line
from generator.present.values import format_benchmark

HTML_BREAKS = re.compile(r"</(p|h[1-6]|div|ul|ol)>|<br\s*/?>", re.I)


TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
CELL = re.compile(r"<(th|td)\b[^>]*>(.*?)</\1>", re.S | re.I)


def _table_lines(table: str) -> str:
    """A Markdown table as a list: one '- ' line a row, each cell after its column's heading
    ("Month: April, Repairs: 120"), so a braille display or a listener hears what each figure is."""
    rows = [[re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", cell))).strip() for _, cell in CELL.findall(row)]
            for row in re.findall(r"<tr\b.*?</tr>", table, re.S | re.I)]
    if not rows:
        return ""
    head, body = rows[0], rows[1:]
    lines = [", ".join(f"{h}: {c}" if h else c for h, c in zip(head, cells) if c) for cells in body]
    return "\n\n" + "\n".join(f"- {line}" for line in lines if line) + "\n\n"


def heading(text: str, level: int) -> str:
    """Level 1 underlined with '=', level 2 with '-', level 3 a line of its own."""
    underline = {1: "=", 2: "-"}.get(level)
    return f"{text}\n{underline * len(text)}" if underline else text


def plain(markdown: str | None) -> str:
    """Staff Markdown as plain text: paragraphs kept, list items as '- ', links as 'words (address)'."""
    if not markdown:
        return ""
    rendered = str(markup.render(markdown))
    rendered = re.sub(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>',
                      lambda m: m.group(2) if m.group(2) == m.group(1) or m.group(1).startswith(("tel:", "mailto:"))
                      else f"{m.group(2)} ({m.group(1)})", rendered, flags=re.S)
    rendered = TABLE.sub(lambda m: _table_lines(m.group(0)), rendered)
    rendered = re.sub(r"<li[^>]*>", "\n- ", rendered)
    rendered = HTML_BREAKS.sub("\n\n", rendered)
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            paragraphs.append("\n".join(lines))
        elif lines:
            # a list's items stay on their own lines; other lines of a paragraph join up
            joined: list[str] = []
            for line in lines:
                if line.startswith("- ") or not joined:
                    joined.append(line)
                else:
                    joined[-1] += " " + line
            paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs)


def _status(status: str | None) -> str:
    return words.STATUS_WORDS[status].word


def text_edition(content: Content) -> str:
    """The whole newsletter as text, ending with a newline."""
    org = content.settings.organisation
    out: list[str] = []
    add = out.append
    if content.draft:
        add("DRAFT: these figures are not yet approved and may change.")
    add(heading(f"{org}: {HEADING}", 1))
    published = f"Published {content.date_words}." if content.period_file.published else \
        f"Figures to {content.date_words}."
    add(f"Our results for {content.period_words} ({content.period.label}). {published}")
    if content.headline:
        add(heading(content.headline, 2))
    if content.introduction:
        add(plain(content.introduction))

    add(heading("At a glance", 2))
    add(content.count_sentence)
    add("\n".join(f"- {_status(s)}: {content.counts.get(s, 0)}" for s in ("met", "close", "missed", "no-data")))

    said = []  # what '± 3.2' means is said once, after the first figure that has one

    def margin_line(rows) -> str:
        text = None if said else words.first_margin_explanation(rows)
        if text:
            said.append(text)
        return text or ""

    if content.short:
        add(heading("Where we fell short", 2))
        add("The standards we missed come first, then those we were close on. "
            "Close means not met, but within the standard's tolerance.")
        for entry in content.short:
            row = entry.row
            lines = [f"{_status(row.status)}: {words.value_words(row)} against a target of "
                     f"{words.target_words(row.item, row.target)}." + (f" {entry.run.capitalize()}." if entry.run else "")]
            if words.trend_words(row):
                lines.append(f"Compared with before: {words.trend_words(row)}.")
            add(heading(row.item.title, 3) + "\n" + "\n".join(lines))
            add(margin_line([row]))
            if row.result and row.result.action:
                add("What we are doing about it:\n" + plain(row.result.action))

    if content.said_did:
        _said_did(content, add)

    for section in content.areas:
        add(heading(section.area.name, 2))
        if section.commentary:
            add(plain(section.commentary))
        if section.standards:
            add(heading("Our standards", 3))
            for row in section.standards:
                add(_standard(row))
            add(margin_line(section.standards))
        if section.figures:
            add(heading("Other figures", 3))
            for row in section.figures:
                add(f"{row.item.title}\nFigure: {words.value_words(row)}{_note(row)}\n"
                    f"Compared with before: {words.trend_words(row) or 'no earlier result'}")
                if row.result and row.result.action:
                    add("What we are doing about it:\n" + plain(row.result.action))
            add(margin_line(section.figures))

    if content.benchmarks:
        named = content.benchmarks[0].name is not None
        add(heading(f"How we compare with {'other' if named else 'similar'} landlords", 2))
        for number, table in enumerate(content.benchmarks):
            if named:
                add(heading(table.name, 3))
            add(f"Source: {table.source}." + (" A quarter of landlords were below the lower quartile, half below "
                "the median, and a quarter above the upper quartile." if number == 0 else ""))
            for b in table.rows:
                add(f"{b.row.item.title}\nOur result: {words.value_words(b.row)}\n"
                    f"Lower quartile: {format_benchmark(b.benchmark.lower_quartile, b.row)}\n"
                    f"Median: {format_benchmark(b.benchmark.median, b.row)}\n"
                    f"Upper quartile: {format_benchmark(b.benchmark.upper_quartile, b.row)}"
                    + (f"\nWhere we stand: {b.position.words}" if b.position else ""))

    if content.peers:
        _peers(content, add)

    if content.tsm:
        _tsm(content, add)

    add(heading("If we miss a standard", 2))
    add("If we do not keep one of these promises to you, tell us: we will put it right where we can. "
        "If you are not happy with our answer, you can make a complaint, and then ask the Housing "
        "Ombudsman to look at it.")
    if content.remedies:
        add("Some standards say what you can do when we miss them:")
        for item, remedy in content.remedies:
            add(f"{item.title}\n{plain(remedy)}")

    add(heading("Contact us", 2))
    contact = content.contact
    labels = {"phone": "Phone", "email": "Email", "address": "Write to us", "web": "Website"}
    add("\n".join(f"{labels[k]}: {v}" for k, v in contact.items()) if contact
        else "Ask your housing officer, or at any of our offices.")
    add(content.other_formats)
    text = "\n\n".join(part for part in out if part) + "\n"
    return text.replace("\r\n", "\n")


def _said_did(content: Content, add) -> None:
    """'You said, we did', as the HTML has it: the actions done, then those late."""
    said = content.said_did
    add(heading("You said, we did", 2))
    add(said.intro)
    for title, rows, line in ((f"Done in {content.period.label}", said.done, done_line),
                              ("Late", said.late, late_line)):
        if not rows:
            continue
        add(heading(title, 3))
        for row in rows:
            update = row.report.update if row.report and row.report.update else None
            add(f"{action_name(row)}. {line(row)}" + (f"\n{plain(update)}" if update else ""))
    add('Every action in our plans, with who leads it and what we last said about it, is on our website '
        'under "Our action plans".')


def _note(row) -> str:
    if row.result and row.result.note:
        return f" ({note_words(row.result.note)})"
    if row.result and row.result.missing:
        return f" ({note_words(row.result.missing)})"
    return ""


def _standard(row) -> str:
    return (f"{row.item.title}\n"
            f"Result: {words.value_words(row)}{_note(row)}\n"
            f"Target: {words.target_words(row.item, row.target)}\n"
            f"Status: {_status(row.status)}\n"
            f"Compared with before: {words.trend_words(row) or 'no earlier result'}")


def _peers(content: Content, add) -> None:
    """How we compare: the headline TSMs against the regulator's dataset, a block each, then the attribution."""
    source = content.peer_source
    add(heading("How we compare: Tenant Satisfaction Measures", 2))
    add(source.source)
    for view in content.peers:
        add(f"{view.code} {view.name}: {content.tenure_short[view.tenure]}\n"
            f"Our result: {view.ours or 'No figure'}\n"
            f"Where we stand: {view.position or view.position_words}\n"
            f"{view.summary[:1].upper()}{view.summary[1:]}")
    add(f"{source.method} {source.attribution_text}")


def _tsm(content: Content, add) -> None:
    """The Tenant Satisfaction Measures: a block a measure (or part), a line a tenure."""
    tsm = content.tsm
    add(heading("Tenant Satisfaction Measures", 2))
    before = f" Beside each figure is last year's ({tsm.previous_label})." if tsm.previous_label else ""
    add("Every social landlord in England publishes these 22 measures each year, as the Regulator of Social "
        f"Housing sets them. {tsm.tenure_sentence}{before} {tsm.margin_sentence.replace('± ', 'plus or minus ')}")
    for group in tsm.groups:
        add(heading(group.name, 3))
        for line in group.lines:
            lines = [f"{line.code} {line.name}"]
            for tenure, now, last in line.cells:
                lines.append(f"{content.tenure_short[tenure]}: {_tsm_cell(now, tsm.previous_label, last)}")
            if line.better == "lower":
                lines.append("Lower is better.")
            add("\n".join(lines))
        for sentence in group.no_direction:
            add(sentence)
    add("How we ran the survey, and the timescales we measure repairs and complaints against, are on our "
        "website, with every figure in the regulator's own names.")


def _tsm_cell(now, previous_label: str | None, last) -> str:
    if not now.collected:
        return now.text.lower()
    text = now.text + (f" (margin of error plus or minus {now.margin.lstrip('± ')})" if now.margin else "")
    if now.note:
        text += f" ({note_words(now.note)})"
    return text + (f"; {previous_label}: {last.text}" if previous_label else "")
