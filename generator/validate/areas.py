"""standards/<area>.yaml: one service area, its standards and figures, checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath

from generator.model import Area, Item, Target
from generator.problems import Location, Problems, did_you_mean, quote
from generator.registry import keys as schema
from generator.registry.periods import Period, parse_period, period_advice
from generator.registry.units import UNITS
from generator.source.yaml import Node, describe
from generator.validate.tsm import read_link
from generator.validate.values import id_problem, read_bool, read_number, read_text, suggest_id

# area pages are areas/<id>.md: an id that is the name of another page there would replace it
RESERVED_AREA_IDS = {"index": "the page that lists every service area"}


def read_area(file: str, tree: Node, start_month: int, problems: Problems) -> Area | None:
    stem = PurePosixPath(file).stem
    reason = id_problem(stem)
    if reason:
        problems.add(
            "invalid-area-id",
            f"The file name {quote(PurePosixPath(file).name)} cannot be used: the file name is the "
            f"area's id in web addresses. {reason}",
            Location(file),
            expected="a file name like customer-care.yaml",
            found=quote(stem),
            hint=f"Rename the file to '{suggest_id(stem) or 'area-name'}.yaml'.",
        )
    elif stem in RESERVED_AREA_IDS:
        problems.add(
            "invalid-area-id",
            f"The file name {quote(PurePosixPath(file).name)} cannot be used: the file name is the area's id "
            f"in web addresses, and {RESERVED_AREA_IDS[stem]} already has the address areas/{stem}/.",
            Location(file),
            expected="a file name that names the service area, like customer-care.yaml",
            found=quote(stem),
            hint="Rename the file after the area it holds, like 'repairs.yaml'.",
        )
    if not schema.check_mapping(tree, schema.AREA, "a standards file", problems):
        return None
    name = _optional(tree, "area", lambda n: read_text(n, "'area'", problems))
    summary = _optional(tree, "summary", lambda n: read_text(n, "'summary'", problems, required=False))
    order = _optional(tree, "order", lambda n: None if n.is_null else _whole(n, "'order'", problems))
    items = []
    for key, kind, keys in (("standards", "standard", schema.STANDARD), ("figures", "figure", schema.FIGURE)):
        node = tree.get(key)
        if node is None or node.is_null:
            continue
        if node.kind != "list":
            problems.add(
                "wrong-type",
                f"'{key}' should be a list, each {kind} starting with '- id:', but {describe(node)} is given.",
                node.location,
                expected=f"a list of {kind}s",
                found=describe(node),
            )
            continue
        for entry in node.items:
            item = read_item(entry, kind, keys, stem, start_month, problems)
            if item is not None:
                items.append(item)
    if name is None or reason:
        return None
    return Area(id=stem, name=name.strip(), file=file, summary=summary, order=order, items=tuple(items))


def _optional(tree: Node, key: str, reader):
    node = tree.get(key)
    return None if node is None else reader(node)


def _whole(node: Node, what: str, problems: Problems) -> int | None:
    number = read_number(node, what, problems)
    if number is not None and number != number.to_integral_value():
        problems.add("not-whole-number", f"{what} should be a whole number, like 3, but {quote(node.text)} "
                     "is given.", node.location, expected="a whole number", found=quote(node.text))
        return None
    return None if number is None else int(number)


def read_item(
    node: Node, kind: str, keys: dict[str, schema.Key], area: str, start_month: int, problems: Problems
) -> Item | None:
    id_node = node.get("id") if node.kind == "mapping" else None
    item_id = id_node.text.strip() if id_node is not None and id_node.kind == "scalar" else ""
    what = f"{kind} {quote(item_id)}" if item_id else f"a {kind}"
    title = node.get("title") if node.kind == "mapping" else None
    if not item_id and title is not None and title.kind == "scalar" and title.text.strip():
        what = f"the {kind} titled {quote(title.text.strip(), 40)}"
    if not schema.check_mapping(node, keys, what, problems):
        return None
    ok = True
    if id_node is not None:
        if id_node.kind != "scalar":
            reason, at = f"An id is a single word, but {describe(id_node)} is given.", id_node.location
        elif not item_id:
            reason, at = "The id is empty.", node.key_node("id").location  # type: ignore[union-attr]
        else:
            reason, at = id_problem(item_id), id_node.location
            reason = reason and f"The id {quote(item_id)} cannot be used. {reason}"
        if reason:
            ok = False
            problems.add(
                "invalid-id",
                reason,
                at,
                expected="lowercase letters, digits and single hyphens, like calls-answered",
                found=describe(id_node),
                hint=f"Try '{suggest_id(item_id)}'." if suggest_id(item_id) else
                "Use a few words that describe it, joined by hyphens, like 'repairs-on-time'.",
            )
    title_text = read_text(title, f"The title of {what}", problems) if title is not None else None
    fields: dict = {}
    unit = _unit(node.get("unit"), what, problems)
    fields["unit"] = unit
    fields["out_of"] = _out_of(node, unit, what, problems)
    unit_node = node.get("unit")
    if (unit is None and unit_node is not None and not unit_node.is_null) or (
        unit == "score" and fields["out_of"] is None
    ):
        ok = False  # its results cannot be checked; they are not reported again as wrong
    if kind == "standard":
        before = len(problems.items)
        fields["targets"] = _targets(node, unit, fields["out_of"], what, start_month, problems)
        if any(p.code == "target-without-unit" for p in problems.items[before:]):
            ok = False  # one missing unit, one message: its results are not checked against it
        tolerance = node.get("tolerance")
        if tolerance is not None and not tolerance.is_null:
            value = read_number(tolerance, f"The tolerance of {what}", problems)
            if value is not None and value < 0:
                problems.add("out-of-range", f"The tolerance of {what} is {quote(tolerance.text)}, but it must "
                             "be 0 or more.", tolerance.location,
                             expected="a number of 0 or more, in the standard's unit", found=quote(tolerance.text),
                             hint="Write how far from the target still counts as close, like 0.5.")
            elif value is not None:
                fields["tolerance"] = value
        for key in ("promise", "if_we_miss"):
            if node.get(key) is not None:
                fields[key] = read_text(node.get(key), f"'{key}' of {what}", problems, required=False)
    better = node.get("better")
    if better is not None and not better.is_null:
        fields["better"] = _choice(better, schema.BETTER, f"'better' of {what}", problems)
    fields["how_measured"] = _lines(node.get("how_measured"), what, problems)
    survey = node.get("survey")
    if survey is not None and not survey.is_null:
        fields["survey"] = bool(read_bool(survey, f"'survey' of {what}", problems))
    basis = node.get("basis")
    if basis is not None and not basis.is_null:
        fields["basis"] = _choice(basis, schema.BASES, f"'basis' of {what}", problems) or "period"
    retired = node.get("retired")
    if retired is not None and not retired.is_null:
        fields["retired"] = read_period(retired, f"'retired' of {what}", start_month, problems)
    link = node.get("tsm")
    if link is not None and not link.is_null:
        fields["tsm"] = read_link(link, item_id, kind, unit, problems)
        ok = ok and fields["tsm"] is not None
    if not ok or not item_id or not title_text:
        return None
    location = id_node.location if id_node is not None else node.location
    fields = {k: v for k, v in fields.items() if v is not None}
    return Item(kind=kind, id=item_id, title=" ".join(title_text.split()), area=area, location=location, **fields)


def read_period(node: Node, what: str, start_month: int, problems: Problems) -> Period | None:
    text = node.text if node.kind == "scalar" and not node.is_null else ""
    period = parse_period(text, start_month) if text else None
    if period is None:
        advice = period_advice(text, start_month)
        problems.add(
            "invalid-period",
            f"{what[0].upper()}{what[1:]} is {describe(node)}, which is not a period this tool can read.",
            node.location,
            expected="a financial year like 2021-22, a quarter like 2021-22 Q1, or a calendar year like 2017",
            found=describe(node),
            hint=advice,
        )
    return period


def _unit(node: Node | None, what: str, problems: Problems) -> str | None:
    if node is None or node.is_null:
        return None
    text = node.text.strip() if node.kind == "scalar" else ""
    if text in UNITS:
        return text
    problems.add(
        "unknown-unit",
        f"The unit of {what} is {describe(node)}, which is not one the format knows.",
        node.location,
        expected="one of: " + ", ".join(UNITS),
        found=describe(node),
        hint=did_you_mean(text.replace(" ", "_").replace("%", "percent"), UNITS)
        or "Use one of: " + ", ".join(UNITS) + ".",
    )
    return None


def _out_of(node: Node, unit: str | None, what: str, problems: Problems) -> Decimal | None:
    out_of = node.get("out_of")
    if out_of is None or out_of.is_null:
        if unit == "score":
            problems.add("out-of-needed", f"{what[0].upper()}{what[1:]} is a score but has no 'out_of'.",
                         node.key_node("unit").location,  # type: ignore[union-attr]
                         expected="'out_of:' with the top of the scale, like 10",
                         hint="Add 'out_of: 10' (or whatever the top of the scale is).")
        return None
    value = read_number(out_of, f"'out_of' of {what}", problems)
    if value is None:
        return None
    if unit != "score":
        problems.add("out-of-needed", f"'out_of' is only used with unit score, but {what} has unit "
                     f"{quote(unit or 'none')}.", node.key_node("out_of").location,  # type: ignore[union-attr]
                     expected="out_of only with 'unit: score'", hint="Remove 'out_of', or set 'unit: score'.")
        return None
    if value <= 0:
        problems.add("out-of-range", f"'out_of' of {what} should be above 0, but {quote(out_of.text)} is given.",
                     out_of.location, expected="a number above 0, like 10", found=quote(out_of.text),
                     hint="Write the top of the scale, like 10.")
        return None
    return value


def _choice(node: Node, choices: tuple[str, ...], what: str, problems: Problems) -> str | None:
    text = node.text.strip() if node.kind == "scalar" else ""
    if text in choices:
        return text
    problems.add(
        "invalid-choice",
        f"{what[0].upper()}{what[1:]} is {describe(node)}, but it should be one of: {', '.join(choices)}.",
        node.location,
        expected="one of: " + ", ".join(choices),
        found=describe(node),
        hint=did_you_mean(text, choices),
    )
    return None


def _lines(node: Node | None, what: str, problems: Problems) -> tuple[str, ...] | None:
    """how_measured: a list of lines; a single line of text is taken as a list of one."""
    if node is None or node.is_null:
        return None
    if node.kind == "scalar":
        text = read_text(node, f"'how_measured' of {what}", problems)
        return (text.strip(),) if text else None
    if node.kind != "list":
        problems.add("wrong-type", f"'how_measured' of {what} should be a list of lines, but {describe(node)} "
                     "is given.", node.location,
                     expected="a list, each line starting with '- '", found=describe(node))
        return None
    lines = [read_text(line, f"A line of 'how_measured' of {what}", problems) for line in node.items]
    return tuple(line.strip() for line in lines if line)


def _targets(
    node: Node, unit: str | None, out_of: Decimal | None, what: str, start_month: int, problems: Problems
) -> tuple[Target, ...]:
    single, many = node.get("target"), node.get("targets")
    if single is not None and many is not None:
        problems.add(
            "target-and-targets",
            f"{what[0].upper()}{what[1:]} has both 'target' and 'targets'.",
            node.key_node("targets").location,  # type: ignore[union-attr]
            expected="either one target, or a list of targets with 'from:'",
            hint="Keep 'targets' with a 'from:' on each, and remove 'target'.",
        )
        return ()
    given = single if single is not None else many
    if given is None or given.is_null:
        return ()
    if unit is None and node.get("unit") is None:
        key = "target" if single is not None else "targets"
        problems.add(
            "target-without-unit",
            f"{what[0].upper()}{what[1:]} has a target but no 'unit'.",
            node.key_node(key).location,  # type: ignore[union-attr]
            expected="'unit:' beside the target, such as percent or working_days",
            hint="Add a unit, so the target can be read: one of " + ", ".join(UNITS) + ".",
        )
        return ()
    if single is not None:
        target = _target(single, schema.TARGET, unit, out_of, what, start_month, problems)
        return (target,) if target else ()
    return _dated_targets(many, unit, out_of, what, start_month, problems)


def _dated_targets(
    node: Node, unit: str | None, out_of: Decimal | None, what: str, start_month: int, problems: Problems
) -> tuple[Target, ...]:
    if node.kind != "list":
        problems.add("wrong-type", f"'targets' of {what} should be a list, each with 'from:', but "
                     f"{describe(node)} is given.", node.location,
                     expected="a list like '- {from: 2021-22, at_least: 80}'", found=describe(node),
                     hint="Write one target per line under 'targets:', like '- {from: 2021-22, at_least: 80}', "
                     "or use 'target:' for a target that does not change.")
        return ()
    targets: list[tuple[Target, Node]] = []
    for entry in node.items:
        target = _target(entry, schema.DATED_TARGET, unit, out_of, what, start_month, problems)
        if target is None:
            continue
        if targets:
            last, _ = targets[-1]
            assert last.start and target.start  # both were required
            from_node = entry.get("from")
            if target.start.start == last.start.start:
                problems.add("targets-order", f"Two targets of {what} start at the same time ({last.start} "
                             f"and {target.start}).", from_node.location,  # type: ignore[union-attr]
                             expected="a different start for each target",
                             hint="Remove one, or correct its 'from'.")
                continue
            if target.start.start < last.start.start:
                problems.add("targets-order", f"The targets of {what} are not in time order: "
                             f"{target.start} comes after {last.start}.",
                             from_node.location,  # type: ignore[union-attr]
                             expected="targets written oldest first", hint="Move this target above the earlier one.")
                continue
            if target.direction != last.direction:
                problems.add("targets-direction", f"The targets of {what} point both ways: "
                             f"'{last.direction}' and then '{target.direction}'.", entry.location,
                             expected=f"every target with '{last.direction}'",
                             hint="A standard is either 'at_least' (higher is better) or 'at_most' (lower is better).")
                continue
        targets.append((target, entry))
    return tuple(t for t, _ in targets)


def _target(
    node: Node, keys: dict, unit: str | None, out_of: Decimal | None, what: str, start_month: int,
    problems: Problems,
) -> Target | None:
    if node.kind == "scalar" and not node.is_null:
        problems.add("target-form", f"The target of {what} is {describe(node)}, which does not say which "
                     "way it points.", node.location, expected="{at_least: N} or {at_most: N}",
                     found=describe(node), hint=f"Write 'target: {{at_least: {node.text.strip()}}}' or "
                     f"'target: {{at_most: {node.text.strip()}}}'.")
        return None
    if not schema.check_mapping(node, keys, f"the target of {what}", problems):
        return None
    directions = [k for k in ("at_least", "at_most") if k in node.entries]
    if len(directions) != 1:
        problems.add("target-form", f"A target of {what} has " + ("both 'at_least' and 'at_most'."
                     if directions else "neither 'at_least' nor 'at_most'."), node.location,
                     expected="exactly one of at_least or at_most",
                     hint=("Keep only one: " if directions else "Add one: ")
                     + "'at_least' when higher is better, 'at_most' when lower is better.")
        return None
    value_node = node.get(directions[0])
    value = read_number(value_node, f"The target of {what}", problems)  # type: ignore[arg-type]
    start = None
    if "from" in node.entries:
        start = read_period(node.get("from"), f"'from' of a target of {what}", start_month, problems)  # type: ignore[arg-type]
        if start is None:
            return None
    if value is None:
        return None
    if unit is not None and not in_range(value, unit, out_of):
        problems.add("out-of-range", f"The target {quote(value_node.text)} of {what} is outside the range "  # type: ignore[union-attr]
                     f"of its unit: {unit} needs {UNITS[unit].range_words(out_of)}.",
                     value_node.location,  # type: ignore[union-attr]
                     expected=UNITS[unit].range_words(out_of), found=quote(value_node.text))  # type: ignore[union-attr]
        return None
    return Target(directions[0], value, start)


def in_range(value: Decimal, unit: str, out_of: Decimal | None = None) -> bool:
    spec = UNITS[unit]
    top = out_of if unit == "score" else spec.maximum
    if spec.minimum is not None and value < spec.minimum:
        return False
    if top is not None and value > top:
        return False
    return not (spec.whole and value != value.to_integral_value())
