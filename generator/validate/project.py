"""Raw documents -> a :class:`Project` and every problem: per-file rules, then cross-file rules.

Everything is collected; nothing stops at the first mistake.  Warnings are
computed on whatever could be read, so a run with errors shows them too.
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

from generator.model import Area, Item, PeriodFile, Plan, Project, Settings, periods_by_kind
from generator.problems import Location, Problems, quote
from generator.source.files import Sources
from generator.source.yaml import Node
from generator.validate.actions import action_warnings, check_plans, read_plan, read_reports
from generator.validate.areas import read_area
from generator.validate.periods import read_period_file
from generator.validate.settings import read_settings
from generator.validate.tsm import check_links
from generator.validate.tsm_year import read_tsm_year


def validate(sources: Sources, problems: Problems) -> Project | None:
    """The project, or None when there are errors (all of them added to ``problems``)."""
    settings = None
    if sources.plugin_at is not None:
        settings = read_settings(sources.plugin, sources.plugin_at, sources.root, problems)
    start_month = settings.year_starts if settings else 4
    areas = _areas(sources, start_month, problems)
    items = _unique_items(areas, problems)
    area_ids = {PurePosixPath(file).stem for file in sources.area_files or [f for f, _ in sources.standards]}
    if sources.no_standards_folder:
        area_ids = _EveryId()
    written_ids = _written_ids(sources)
    plans = _plans(sources, items, written_ids, problems)
    action_ids = {a.id for plan in plans for a in plan.actions} | _written_action_ids(sources)
    periods = []
    tsm = settings.tsm if settings else False  # False: unknown, so TSMs are not checked
    if tsm is not False:
        check_links(items, tsm, problems)
    for file, tree in sources.performance:
        period_file = read_period_file(file, tree, items, area_ids, start_month, problems, written_ids)
        if period_file is not None and tsm is not False:
            year = read_tsm_year(tree, period_file.period, items, period_file.results, tsm, problems,
                                 period_file.draft)
            period_file = dataclasses.replace(period_file, tsm=year)
        if period_file is not None and tree.get("actions") is not None:
            reports = read_reports(tree.get("actions"), action_ids, period_file.draft, problems)
            period_file = dataclasses.replace(period_file, actions=reports)
        if period_file is not None:
            periods.append((period_file, tree))
    period_files = _unique_periods(periods, problems)
    if tsm and tsm.peers is not None:
        from generator.validate.peers import attach_peers  # the regulator's spreadsheet code, only when used

        period_files = attach_peers(sources.root, tsm.peers, period_files, problems)
    if not sources.unread_performance:
        add_warnings(items, period_files, problems, _written_results(sources))
    else:  # results in unreadable files are unknown: only the sample-size warning is safe
        add_warnings(items, period_files, problems, _written_results(sources), series=False)
    action_warnings(period_files, problems)
    if problems.errors or settings is None:
        return None
    return build_project(settings, areas, period_files, plans)


def build_project(settings: Settings, areas: list[Area], periods: list[PeriodFile],
                  plans: list[Plan] = ()) -> Project:
    return Project(
        settings=settings,
        areas=tuple(sorted(areas, key=lambda a: a.sort_key)),
        periods=tuple(sorted(periods, key=lambda p: p.period.sort_key)),
        plans=tuple(sorted(plans, key=lambda p: p.sort_key)),
    )


def _plans(sources: Sources, items: dict[str, Item], written_ids, problems: Problems) -> list[Plan]:
    plans = [plan for file, tree in sources.actions if (plan := read_plan(file, tree, problems)) is not None]
    ids = written_ids if isinstance(written_ids, _EveryId) else set(items) | set(written_ids)
    return check_plans(plans, ids, problems)


def _written_action_ids(sources: Sources) -> set[str]:
    """Action ids written in plans, even where the action had errors: its reports are not also
    'unknown' (one mistake, one message)."""
    ids = set()
    for _, tree in sources.actions:
        node = tree.get("actions") if tree.kind == "mapping" else None
        for entry in node.items if node is not None and node.kind == "list" else ():
            id_node = entry.get("id") if entry.kind == "mapping" else None
            if id_node is not None and id_node.kind == "scalar":
                ids.add(id_node.text.strip())
    return ids


def _areas(sources: Sources, start_month: int, problems: Problems) -> list[Area]:
    areas: dict[str, Area] = {}
    for file, tree in sources.standards:
        area = read_area(file, tree, start_month, problems)
        if area is None:
            continue
        if area.id in areas:
            problems.add("duplicate-id", f"Two files define the area {quote(area.id)}: "
                         f"{areas[area.id].file} and {file}.", Location(file),
                         expected="one file per area", hint="Merge the two files into one.")
            continue
        areas[area.id] = area
    return list(areas.values())


def _unique_items(areas: list[Area], problems: Problems) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for area in areas:
        for item in area.items:
            first = items.get(item.id)
            if first is not None:
                problems.add("duplicate-id", f"The id {quote(item.id)} is already used by the {first.kind} "
                             f"'{first.title}' ({first.location}).", item.location,
                             expected="an id used only once across all standards and figures",
                             hint="Give one of them a different id.")
                continue
            items[item.id] = item
    return items


class _EveryId(frozenset):
    """Stands for 'any id may exist' when there is no standards folder to look in."""

    def __contains__(self, item: object) -> bool:
        return True


def _written_ids(sources: Sources) -> set[str]:
    """Every id written in standards/, even where the item had errors.

    A result for an item that failed validation is then not reported again
    as 'unknown id': one mistake, one message.
    """
    if sources.no_standards_folder:
        return _EveryId()  # type: ignore[return-value]
    ids = set(sources.unread_ids)
    for _, tree in sources.standards:
        if tree.kind != "mapping":
            continue
        for key in ("standards", "figures"):
            node = tree.get(key)
            for entry in node.items if node is not None and node.kind == "list" else ():
                id_node = entry.get("id") if entry.kind == "mapping" else None
                if id_node is not None and id_node.kind == "scalar":
                    ids.add(id_node.text.strip())
    return ids


def _unique_periods(periods: list[tuple[PeriodFile, Node]], problems: Problems) -> list[PeriodFile]:
    seen: dict[str, PeriodFile] = {}
    for period_file, tree in periods:
        label = period_file.period.label
        if label in seen:
            node = tree.get("period")
            problems.add("duplicate-period", f"The period {label} is already in {seen[label].file}.",
                         node.location if node else Location(period_file.file),
                         expected="one performance file per period",
                         hint="Merge the two files, or correct the 'period' of this one.")
            continue
        seen[label] = period_file
    return list(seen.values())


def _written_results(sources: Sources) -> dict[str, set[str]]:
    """file -> the ids written under its `results:`, even where a result had errors."""
    written = {}
    for file, tree in sources.performance:
        results = tree.get("results") if tree.kind == "mapping" else None
        written[file] = set(results.entries) if results is not None and results.kind == "mapping" else set()
    return written


def add_warnings(
    items: dict[str, Item],
    periods: list[PeriodFile],
    problems: Problems,
    written: dict[str, set[str]],
    series: bool = True,
) -> None:
    """Gaps in a series, standards never reported, survey results without a sample size.

    An id written in a file counts as reported there even when its result had
    an error, so one mistake does not also show as a gap.
    """
    ordered = sorted(periods, key=lambda p: p.period.sort_key)
    of_kind = periods_by_kind(ordered)  # each kind's files in order: asked for every item
    for item in items.values() if series else ():
        if not item.checked:
            continue
        reported = [p for p in ordered if item.id in p.results]
        if not reported and not any(item.id in ids for ids in written.values()):
            problems.add("never-reported", f"Standard {quote(item.id)} has a target but no result in any "
                         "performance file.", item.location, expected="a result in at least one period",
                         hint="Add its results, or {missing: \"…\"} with the reason there are none yet.")
            continue
        for kind in {p.period.kind for p in reported}:
            first = next(p for p in reported if p.period.kind == kind)
            for period_file in of_kind[kind]:
                period = period_file.period
                if (period.start > first.period.start and item.published_in(period)
                        and item.id not in written.get(period_file.file, period_file.results)):
                    problems.add("gap", f"Standard {quote(item.id)} has no result for {period}, although it "
                                 f"was reported for {first.period}.", period_file.location,
                                 expected=f"a result for {quote(item.id)}",
                                 hint=f"Add '{item.id}: {{missing: \"the reason\"}}' if there is no figure.")
    for period_file in ordered:
        for result in period_file.results.values():
            item = items.get(result.item_id)
            if (item and item.survey and result.value is not None and result.responses is None and result.of is None
                    and result.responses_published):  # 'responses: not published' says why there is none
                problems.add("survey-sample", f"The survey result for {quote(item.id)} in {period_file.period} "
                             "does not say how many tenants answered.", result.location,
                             expected="'responses: N' (or 'count' and 'of')",
                             hint=f"Write it as {{value: {result.value}, responses: N}}, or "
                             "'responses: not published' if the source gives no number.")
