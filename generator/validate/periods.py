"""performance/<period>.yaml: one reporting period's results, commentary and benchmarks.

Results are checked against the standards they belong to, so this runs after
the areas are read.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from generator.model import Benchmark, BenchmarkGroup, Item, NewsletterPlan, PeriodFile, Result
from generator.problems import Location, Problems, did_you_mean, quote
from generator.registry import keys as schema
from generator.registry.keys import NOT_PUBLISHED
from generator.registry.periods import Period
from generator.registry.units import UNITS
from generator.registry.writing import MAX_DIGITS, PLAIN_NUMBER
from generator.source.yaml import Node, describe
from generator.validate.areas import in_range, read_period
from generator.validate.values import read_bool, read_date, read_number, read_text, read_whole

TEXT_HINTS = {
    "missing": "Write the reason there is no figure, like missing: \"Not collected this year\".",
    "note": "Write the note, or remove the line.",
    "action": "Write what we are doing about it, or remove the line.",
}
AGREEMENT = Decimal("0.05")  # how far a written value may be from count/of
PRECISION = 40  # digits kept for 100 x count / of


def read_period_file(
    file: str,
    tree: Node,
    items: dict[str, Item],
    areas: set[str],
    start_month: int,
    problems: Problems,
    written_ids: frozenset[str] | set[str] = frozenset(),
) -> PeriodFile | None:
    if not schema.check_mapping(tree, schema.PERFORMANCE, "a performance file", problems):
        return None
    period_node = tree.get("period")
    period = read_period(period_node, "'period'", start_month, problems) if period_node is not None else None
    published_node = tree.get("published")
    published = None
    if published_node is not None and not published_node.is_null:
        published = read_date(published_node, "'published'", problems)
    draft_node = tree.get("draft")
    draft = bool(read_bool(draft_node, "'draft'", problems)) if draft_node is not None and not draft_node.is_null else False
    results: dict[str, Result] = {}
    results_node = tree.get("results")
    if results_node is not None and not results_node.is_null:
        if results_node.kind != "mapping":
            problems.add("wrong-type", f"'results' should map each standard's id to its result, but "
                         f"{describe(results_node)} is given.", results_node.location,
                         expected="lines like 'calls-answered: 88.67'", found=describe(results_node),
                         hint="Write one line per result, without '- ' in front: 'calls-answered: 88.67'."
                         if results_node.kind == "list" else None)
        elif period is not None:
            for key, key_node, value in results_node.pairs():
                if key not in items and key in written_ids:
                    # the standard itself has an error, reported already: check only how this is written
                    _check_as_written(value, f"the result for {quote(key)}", problems)
                    continue
                result = read_result(key, key_node, value, items, period, problems, draft=draft)
                if result is not None:
                    results[key] = result
    commentary = _commentary(tree.get("commentary"), areas, problems, draft)
    benchmark_groups = _benchmarks(tree.get("benchmarks"), items, problems, written_ids)
    newsletter = _newsletter(tree, items, problems, written_ids)
    if period is None:
        return None
    results_key = tree.key_node("results")
    return PeriodFile(
        period=period,
        file=file,
        location=results_key.location if results_key else Location(file),
        published=published,
        draft=draft,
        results=results,
        commentary=commentary,
        benchmark_groups=benchmark_groups,
        newsletter=newsletter,
    )


def read_result(
    key: str, key_node: Node, node: Node, items: dict[str, Item], period: Period, problems: Problems,
    draft: bool = False,
) -> Result | None:
    """One result, or None (with a problem, or a draft's 'not filled in yet' warning): no result."""
    item = items.get(key)
    if item is None:
        problems.add("unknown-id", f"There is no standard or figure with the id {quote(key)}.", key_node.location,
                     expected="the id of a standard or figure in standards/", found=quote(key),
                     hint=did_you_mean(key, items) or "Check the spelling, or add the standard to its area file.")
        return None
    if item.retired is not None and not item.published_in(period):
        problems.add("after-retired", f"{item.kind.capitalize()} {quote(key)} was retired from {item.retired}, "
                     f"so it cannot have a result for {period}.", key_node.location,
                     expected=f"results only for periods before {item.retired}",
                     hint="Remove this result, or change 'retired' on the standard.")
        return None
    if node.kind == "scalar" and not node.quoted and item.unit is not None:
        # the usual result, a plain number in its unit's range (25,000 in a large project): no
        # message words made; anything else takes the full path below, with the same messages
        text = node.text.strip()
        if len(text) <= MAX_DIGITS and PLAIN_NUMBER.fullmatch(text):
            value = Decimal(text)
            if in_range(value, item.unit, item.out_of):
                return Result(key, node.location, value=value)
    what = f"the result for {quote(key)}"
    if node.kind == "scalar":
        if node.is_null:
            left_empty(quote(key), "the figure or {missing: \"the reason\"}", key_node, draft, problems)
            return None
        value = read_number(node, what.capitalize(), problems)
        if value is None or not _value_ok(value, node, item, what, problems):
            return None
        return Result(key, node.location, value=value)
    if not schema.check_mapping(node, schema.RESULT, what, problems):
        return None
    return _mapping_result(key, node, item, what, problems)


def left_empty(what: str, fill: str, key_node: Node, draft: bool, problems: Problems) -> None:
    """A key with nothing after it, as `standards new-period` writes them: in a draft, a reminder
    (the period is still being filled in); in a published period, an error (tenants would read it
    as no result, with no reason given)."""
    if draft:
        problems.add("not-filled-in", f"{what} is not filled in yet.", key_node.location,
                     expected=fill, found="nothing",
                     hint=f"After the colon, write {fill}, or remove the line.")
    else:
        problems.add("empty-result", f"{what} is empty, in a period that is not a draft.", key_node.location,
                     expected=fill, found="nothing",
                     hint=f"After the colon, write {fill}, or remove the line; while the figures are still being "
                          "filled in, add 'draft: true' to the file.")


def _check_as_written(node: Node, what: str, problems: Problems) -> None:
    """The rules that need no standard: numbers written plainly, known keys."""
    if node.kind == "scalar":
        if not node.is_null:
            read_number(node, what.capitalize(), problems)
        return
    if not schema.check_mapping(node, schema.RESULT, what, problems):
        return
    for key, _, value in node.pairs():
        if key == "value" and not value.is_null:
            read_number(value, f"'value' in {what}", problems)
        elif key == "responses" and _not_published(value):
            continue
        elif key in ("count", "of", "homes", "responses", "population") and not value.is_null:
            read_whole(value, f"'{key}' in {what}", problems, minimum=0)


def _mapping_result(key: str, node: Node, item: Item, what: str, problems: Problems) -> Result | None:
    fields: dict = {}
    has = {k: k in node.entries and not node.get(k).is_null for k in ("value", "count", "of", "homes")}  # type: ignore[union-attr]
    ok = True
    for text_key in ("missing", "note", "action"):
        if text_key in node.entries:
            hint = TEXT_HINTS[text_key]
            fields[text_key] = read_text(node.get(text_key), f"'{text_key}' in {what}", problems,  # type: ignore[arg-type]
                                         hint=hint)
            ok = ok and fields[text_key] is not None
    if "missing" in node.entries:
        given = [k for k, present in has.items() if present]
        if given:
            problems.add("result-form", f"{what.capitalize()} gives both 'missing' and '{given[0]}'.",
                         node.key_node(given[0]).location,  # type: ignore[union-attr]
                         expected="either a value, or 'missing' with the reason there is none",
                         hint="Remove 'missing' if there is a figure, or the figure if there is none.")
            return None
    elif (has["of"] or has["homes"]) and not has["count"]:
        total = "of" if has["of"] else "homes"
        problems.add("result-form", f"{what.capitalize()} has '{total}' but no 'count'.", node.location,
                     expected=f"'count' with '{total}'",
                     hint=f"Add the count, for example {{count: 661, {total}: 708}}, or use 'value'.")
        return None
    elif not (has["value"] or has["count"]):
        problems.add("missing-key", f"{what.capitalize()} has no 'value'.", node.location,
                     expected="'value', 'count' with 'of' or 'homes', or 'missing' with a reason",
                     hint="Add 'value: N', or 'missing: \"why there is no figure\"'.")
        return None
    if "responses" in node.entries and _not_published(node.get("responses")):  # type: ignore[arg-type]
        fields["responses_published"] = False
    elif "responses" in node.entries:
        fields["responses"] = read_whole(node.get("responses"), f"'responses' in {what}", problems, minimum=1)  # type: ignore[arg-type]
        ok = ok and fields["responses"] is not None
    if has["value"]:
        fields["value"] = read_number(node.get("value"), f"'value' in {what}", problems)  # type: ignore[arg-type]
        ok = ok and fields["value"] is not None
    if has["count"] or has["of"] or has["homes"]:
        computed = _computed(node, item, what, has, fields, problems)
        if computed is None:
            return None
        if "value" in fields and fields["value"] is not None:
            if abs(fields["value"] - computed) > AGREEMENT:
                problems.add("value-disagrees", f"{what.capitalize()} has 'value' {fields['value']}, but its count "
                             f"gives {_short(computed)}.", node.key_node("value").location,  # type: ignore[union-attr]
                             expected="a value within 0.05 of the count's result",
                             found=quote(str(fields["value"])),
                             hint="Check the count and the total, or leave out 'value' to use the computed one.")
                return None
        else:
            fields["value"] = computed
    if "population" in node.entries:
        ok = _population(node, what, fields, item.survey, problems) and ok
    if not ok:
        return None
    value = fields.get("value")
    if value is not None:
        value_node = node.get("value") or node.get("count")
        if not _value_ok(value, value_node, item, what, problems):  # type: ignore[arg-type]
            return None
    return Result(key, node.location, **fields)


def _population(node: Node, what: str, fields: dict, survey: bool, problems: Problems) -> bool:
    """`population`: a whole number above 0, and no fewer than the responses (a survey cannot have
    more answers than people it was drawn from: the margin of error would be meaningless).  A
    survey written as {count, of} has `of` answers (assess/survey.sample_size)."""
    population_node = node.get("population")
    population = read_whole(population_node, f"'population' in {what}", problems, minimum=1)  # type: ignore[arg-type]
    if population is None:
        return False
    key = "responses" if fields.get("responses") is not None else "of" if survey else None
    responses = fields.get(key) if key else None
    if responses is not None and responses > population:
        problems.add("responses-over-population",
                     f"{what.capitalize()} has '{key}' {responses:,}, more than 'population' {population:,}.",
                     population_node.location,  # type: ignore[union-attr]
                     expected=f"a population of at least {responses:,}", found=quote(str(population)),
                     hint="The population is how many homes or tenants the survey was drawn from; check that "
                          "the two numbers are the right way round.")
        return False
    fields["population"] = population
    return True


def _not_published(node: Node) -> bool:
    return node.kind == "scalar" and " ".join(node.text.split()).casefold() == NOT_PUBLISHED


def _computed(node: Node, item: Item, what: str, has: dict, fields: dict, problems: Problems) -> Decimal | None:
    """100 x count / of, or 1000 x count / homes, in full precision."""
    total_key = "of" if has["of"] else "homes" if has["homes"] else None
    if has["of"] and has["homes"]:
        problems.add("result-form", f"{what.capitalize()} has both 'of' and 'homes'.",
                     node.key_node("homes").location,  # type: ignore[union-attr]
                     expected="'of' for a percentage, or 'homes' for a rate per 1,000 homes",
                     hint=f"Keep 'of' for unit percent, or 'homes' for unit per_1000_homes; "
                     f"{quote(item.id)} has unit {item.unit or 'none'}.")
        return None
    if not has["count"] or total_key is None:
        missing = "count" if not has["count"] else "of' or 'homes"
        problems.add("result-form", f"{what.capitalize()} has no '{missing}'.", node.location,
                     expected="'count' with 'of' (a percentage) or with 'homes' (a rate per 1,000 homes)",
                     hint="Give both numbers, for example {count: 661, of: 708}, or use 'value'.")
        return None
    needs = "percent" if total_key == "of" else "per_1000_homes"
    if item.unit != needs:
        if item.unit == "per_1000_homes":
            expected, hint = "'count' with 'homes' for a rate per 1,000 homes", "Write it as {count: N, homes: N}."
        elif item.unit == "percent":
            expected, hint = "'count' with 'of' for a percentage", "Write it as {count: N, of: N}."
        elif item.unit:
            expected, hint = f"the figure itself in {item.unit}", "Write the figure as 'value: N'."
        else:
            expected, hint = "no value for a standard without a unit", None
        problems.add("result-form", f"'count' with '{total_key}' is for unit {needs}, but "
                     f"{item.kind} {quote(item.id)} has unit {quote(item.unit or 'none')}.",
                     node.key_node(total_key).location,  # type: ignore[union-attr]
                     expected=expected, hint=hint)
        return None
    count = read_whole(node.get("count"), f"'count' in {what}", problems, minimum=0)  # type: ignore[arg-type]
    total = read_whole(node.get(total_key), f"'{total_key}' in {what}", problems, minimum=1)  # type: ignore[arg-type]
    if count is None or total is None:
        return None
    if total_key == "of" and count > total:
        problems.add("count-over-of", f"{what.capitalize()} has 'count' {count}, more than 'of' {total}.",
                     node.get("count").location,  # type: ignore[union-attr]
                     expected=f"a count of at most {total}", found=quote(str(count)),
                     hint="Check that the two numbers are the right way round.")
        return None
    if total_key == "of":
        fields["count"], fields["of"] = count, total
    else:
        fields["count"], fields["homes"] = count, total
    scale = 100 if total_key == "of" else 1000
    with localcontext() as context:
        context.prec = PRECISION
        return Decimal(scale) * count / total


def _value_ok(value: Decimal, node: Node, item: Item, what: str, problems: Problems) -> bool:
    if item.unit is None:
        problems.add("value-without-unit", f"{item.kind.capitalize()} {quote(item.id)} has no unit, so "
                     "it cannot have a value.", node.location, expected="a unit on the standard, or no value here",
                     hint="Add 'unit:' to the standard, or write {missing: \"…\"} if it is not measured.")
        return False
    if in_range(value, item.unit, item.out_of):
        return True
    code = "not-whole-number" if UNITS[item.unit].whole and value >= 0 else "out-of-range"
    written = node.text if node.kind == "scalar" and node.text.strip() == f"{value}" else _short(value)
    range_words = UNITS[item.unit].range_words(item.out_of)
    problems.add(code, f"{what[0].upper()}{what[1:]} is {quote(written)}, but its unit, {item.unit}, "
                 f"needs {range_words}.",
                 node.location, expected=range_words,
                 found=quote(node.text if node.kind == "scalar" else str(value)),
                 hint="Percentages are written as a number from 0 to 100, like 93.4." if item.unit == "percent"
                 else None)
    return False


def _short(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}" if value.as_tuple().exponent < -2 else f"{value:f}"


def _commentary(node: Node | None, areas: set[str], problems: Problems, draft: bool = False) -> dict[str, str]:
    if node is None or node.is_null:
        return {}
    if node.kind != "mapping":
        problems.add("wrong-type", f"'commentary' should map each area's id to its text, but {describe(node)} "
                     "is given.", node.location,
                     expected="lines like 'repairs: |' followed by the text", found=describe(node))
        return {}
    found = {}
    for key, key_node, value in node.pairs():
        if key not in areas:
            problems.add("unknown-area", f"There is no area with the id {quote(key)} for this commentary.",
                         key_node.location, expected="an area id: the name of a file in standards/ without .yaml",
                         found=quote(key), hint=did_you_mean(key, areas))
            continue
        if value.kind == "scalar" and value.is_null:
            left_empty(f"The commentary for {quote(key)}", "a few sentences on how the area is doing", key_node,
                       draft, problems)
            continue
        text = read_text(value, f"The commentary for {quote(key)}", problems)
        if text:
            found[key] = text
    return found


def _benchmarks(
    node: Node | None, items: dict[str, Item], problems: Problems, written_ids: frozenset[str] | set[str]
) -> tuple[BenchmarkGroup, ...]:
    """v1's single mapping (one group without a name), or a list of named groups, each with its source."""
    if node is None or node.is_null:
        return ()
    if node.kind != "list":
        group = _benchmark_group(node, schema.BENCHMARKS, "'benchmarks'", items, problems, written_ids)
        return (group,) if group else ()
    groups: list[BenchmarkGroup] = []
    seen: dict[str, Location] = {}
    for number, entry in enumerate(node.items, start=1):
        name = entry.get("group") if entry.kind == "mapping" else None
        named = name is not None and name.kind == "scalar" and " ".join(name.text.split())
        what = f"benchmark group {quote(named)}" if named else f"benchmark group {number}"
        group = _benchmark_group(entry, schema.BENCHMARK_GROUP, what, items, problems, written_ids)
        if group is None or group.name is None:
            continue
        same = " ".join(group.name.split()).casefold()  # 'All landlords' and 'all  landlords' read the same
        if same in seen:
            first = seen[same]
            problems.add("duplicate-benchmark-group", f"There are two benchmark groups named {quote(group.name)}; "
                         f"the first is on line {first.line}.", entry.key_node("group").location,  # type: ignore[union-attr]
                         expected="a different name for each group", found=quote(group.name),
                         hint="Give each group its own name, like 'Similar-sized landlords' and 'All landlords', "
                         "or put their figures in one group.")
            continue
        seen[same] = entry.key_node("group").location  # type: ignore[union-attr]
        groups.append(group)
    return tuple(groups)


def _benchmark_group(
    node: Node, keys: dict, what: str, items: dict[str, Item], problems: Problems,
    written_ids: frozenset[str] | set[str],
) -> BenchmarkGroup | None:
    if not schema.check_mapping(node, keys, what, problems):
        return None
    name = None
    if "group" in node.entries:
        name = read_text(node.get("group"), f"'group' of {what}", problems)  # type: ignore[arg-type]
        if name is None:
            return None
        name = " ".join(name.split())
    source = read_text(node.get("source"), f"'source' of {'the benchmarks' if name is None else what}",  # type: ignore[arg-type]
                       problems) if "source" in node.entries else None
    values = node.get("values")
    found: dict[str, Benchmark] = {}
    if values is not None and not values.is_null:
        if values.kind != "mapping":
            problems.add("wrong-type", f"'values' of the benchmarks should map ids to quartiles, but "
                         f"{describe(values)} is given.", values.location,
                         expected="lines like 'satisfaction-overall: {median: 85}'", found=describe(values))
        else:
            for key, key_node, value in values.pairs():
                benchmark = _benchmark(key, key_node, value, items, problems, written_ids)
                if benchmark is not None:
                    found[key] = benchmark
    return BenchmarkGroup(name=name, source=source, values=found)


def _benchmark(
    key: str, key_node: Node, value: Node, items: dict[str, Item], problems: Problems,
    written_ids: frozenset[str] | set[str],
) -> Benchmark | None:
    item = items.get(key)
    if item is None:
        if key not in written_ids:  # an id whose standard has its own error is reported there only
            problems.add("unknown-id", f"There is no standard or figure with the id {quote(key)} for this benchmark.",
                         key_node.location, expected="the id of a standard or figure", found=quote(key),
                         hint=did_you_mean(key, items))
        return None
    what = f"the benchmark for {quote(key)}"
    if not schema.check_mapping(value, schema.BENCHMARK_VALUE, what, problems):
        return None
    numbers = {}
    for name, _, number_node in value.pairs():
        if name in schema.BENCHMARK_VALUE:
            number = read_number(number_node, f"'{name}' of {what}", problems)
            if number is not None and item.unit and not _value_ok(number, number_node, item,
                                                                  f"'{name}' of {what}", problems):
                number = None
            numbers[name] = number
    if not numbers or any(n is None for n in numbers.values()) or not _quartiles_in_order(
            key_node, numbers, item, what, problems):
        return None
    return Benchmark(**numbers)


QUARTILE_PAIRS = (("lower_quartile", "median"), ("median", "upper_quartile"), ("lower_quartile", "upper_quartile"))


def _quartiles_in_order(key_node: Node, numbers: dict, item: Item, what: str, problems: Problems) -> bool:
    """lower_quartile <= median <= upper_quartile, whichever way is better (FORMAT.md: the figure a quarter of
    landlords were below, half were below, a quarter were above): they are positions, not best and worst."""
    for low, high in QUARTILE_PAIRS:
        if low in numbers and high in numbers and numbers[low] > numbers[high]:
            problems.add(
                "quartiles-out-of-order",
                f"The quartiles of {what} are out of order: '{low}' {numbers[low]:f} is above "
                f"'{high}' {numbers[high]:f}. They go lower_quartile ≤ median ≤ upper_quartile: the lower "
                "quartile is the figure a quarter of landlords were below, whichever way is better.",
                key_node.location,
                expected="lower_quartile ≤ median ≤ upper_quartile",
                found=f"{low} {numbers[low]:f}, {high} {numbers[high]:f}",
                hint=(f"Lower is better here, so the best landlords are in the lower quartile: write the smaller "
                      f"number as '{low}'. If your source calls its best figure 'upper', swap them."
                      if item.higher_is_better is False else
                      f"Write the smaller number as '{low}', or check the figures against your source."),
            )
            return False
    return True


def _newsletter(
    tree: Node, items: dict[str, Item], problems: Problems, written_ids: frozenset[str] | set[str]
) -> NewsletterPlan | None:
    """The optional `newsletter:` block: headline, introduction, feature, pages."""
    node, key_node = tree.get("newsletter"), tree.key_node("newsletter")
    if node is None or key_node is None or node.is_null:
        return None
    if not schema.check_mapping(node, schema.NEWSLETTER, "'newsletter'", problems):
        return None
    fields: dict = {}
    for key, what in (("headline", "'headline' in 'newsletter'"), ("introduction", "'introduction' in 'newsletter'")):
        value = node.get(key)
        if value is not None and not value.is_null:
            fields[key] = read_text(value, what, problems)
    feature = node.get("feature")
    if feature is not None and not feature.is_null:
        fields["feature"] = _feature(feature, items, problems, written_ids)
    pages = node.get("pages")
    if pages is not None and not pages.is_null:
        fields["pages"] = read_whole(pages, "'pages' in 'newsletter'", problems, minimum=1)
        fields["pages_location"] = node.key_node("pages").location  # type: ignore[union-attr]
    return NewsletterPlan(location=key_node.location, **fields)


def _feature(node: Node, items: dict[str, Item], problems: Problems,
             written_ids: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The ids to feature: a list (or one id), each a standard or figure, each once."""
    if node.kind == "mapping":
        problems.add("wrong-type", f"'feature' in 'newsletter' should be a list of ids, but {describe(node)} is given.",
                     node.location, expected="a list of ids, like [calls-answered, repairs-on-time]",
                     found=describe(node), hint="Write one id per line, each starting with '- '.")
        return ()
    chosen: list[str] = []
    for entry in (node.items if node.kind == "list" else (node,)):
        text = read_text(entry, "An id in 'feature'", problems)
        if text is None:
            continue
        key = text.strip()
        if key in chosen:
            problems.add("duplicate-id", f"{quote(key)} is listed twice in 'feature'.", entry.location,
                         expected="each id once", found=quote(key), hint="Remove the second one.")
        elif key not in items and key not in written_ids:
            problems.add("unknown-id", f"There is no standard or figure with the id {quote(key)} to feature.",
                         entry.location, expected="the id of a standard or figure in standards/",
                         found=quote(key), hint=did_you_mean(key, items) or "Check the spelling.")
        elif key in items:
            chosen.append(key)
    return tuple(chosen)
