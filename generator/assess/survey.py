"""Survey statistics: the margin of error of a survey percentage, whether a change from the previous
survey is real, and the sample size the regulator's accuracy rule requires.

Pure functions on Decimal (28 significant digits), so results do not depend on float rounding at the
edges (a required sample of 332.5 must round the same way everywhere).  Rounding, where it is done:

- a margin of error is given in percentage points, rounded half-up to 1 decimal place (``PLACES``):
  that is how it is shown ("76% (± 3.2)") and written in ``check --json``;
- a required sample size is rounded half-up to the nearest whole number, as the regulator's
  "required minimum sample size" is (7,271 homes -> 554.47 -> 554);
- a z value is not rounded: only its comparison with 1.96 is used.

The edges, defined once here:

- p = 0% or 100%: p(1 - p) = 0, so the margin is 0 (the formula the regulator uses; every answer
  was the same);
- n = 1: allowed; the margin is large (98.0 points at 50%), which is the honest answer;
- N unknown (None): no finite population correction;
- n = N (a census): the correction is 0, so the margin is 0; N = 1 with n = 1 is a census too;
- n > N, n < 1, N < 1 or p outside 0..100: ValueError.  Bad input never gets here: check reports
  `population` below `responses` as an error at the result's line (validate/periods.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

Z95 = Decimal("1.96")  # the two-sided 95% point of the normal distribution, as the regulator uses
PLACES = 1  # a margin of error is shown to 1 decimal place

# The regulator's required accuracy (Tenant Survey Requirements' table; 95% confidence), for each
# tenure's surveyed population: (the smallest population of the band, margin in percentage points).
# Under 2,500: +-5; 2,500 to 9,999: +-4; 10,000 to 24,999: +-3; 25,000 or more: +-2.
ACCURACY_BANDS: tuple[tuple[int, int], ...] = ((0, 5), (2500, 4), (10000, 3), (25000, 2))


def _check(p_percent: Decimal, n: int, population: int | None) -> None:
    if not Decimal(0) <= Decimal(p_percent) <= Decimal(100):
        raise ValueError(f"a percentage from 0 to 100 was expected, not {p_percent}")
    if n < 1:
        raise ValueError(f"at least 1 response was expected, not {n}")
    if population is not None and population < n:
        raise ValueError(f"the population ({population}) is smaller than the responses ({n})")


def correction(n: int, population: int | None) -> Decimal:
    """The finite population correction sqrt((N - n) / (N - 1)); 1 with N unknown, 0 for a census."""
    if population is None:
        return Decimal(1)
    if population <= n:  # a census (N = n, including N = 1): nobody left unsurveyed
        return Decimal(0)
    with localcontext() as context:
        context.prec = 28
        return (Decimal(population - n) / Decimal(population - 1)).sqrt()


def margin_of_error(p_percent: Decimal | int | str, n: int, population: int | None = None,
                    places: int | None = PLACES) -> Decimal:
    """The 95% margin of error of a survey percentage, in percentage points:
    1.96 x sqrt(p(1 - p) / n), times the finite population correction when the population N is known.
    76% of 640 -> 3.3; with N = 12,000 -> 3.2.  Rounded half-up to ``places`` (None: unrounded)."""
    p = Decimal(p_percent)
    _check(p, n, population)
    with localcontext() as context:
        context.prec = 28
        share = p / 100
        margin = Z95 * (share * (1 - share) / n).sqrt() * correction(n, population) * 100
    if places is None:
        return margin
    return margin.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def z_value(p1: Decimal | int | str, n1: int, p2: Decimal | int | str, n2: int) -> Decimal:
    """The two-proportion z statistic with the pooled proportion, for a change from p1% (n1
    responses) to p2% (n2): positive for a rise.  0 when both surveys gave the same answer throughout
    (pooled 0% or 100%: there is no spread, and no change)."""
    a, b = Decimal(p1), Decimal(p2)
    _check(a, n1, None)
    _check(b, n2, None)
    with localcontext() as context:
        context.prec = 28
        s1, s2 = a / 100, b / 100
        pooled = (s1 * n1 + s2 * n2) / (n1 + n2)
        spread = pooled * (1 - pooled) * (Decimal(1) / n1 + Decimal(1) / n2)
        if spread == 0:
            return Decimal(0)
        return (s2 - s1) / spread.sqrt()


def significant_change(p1: Decimal | int | str, n1: int, p2: Decimal | int | str, n2: int) -> tuple[Decimal, bool]:
    """(z, real): a change is real at 95% when |z| >= 1.96.  72% (590) -> 76% (640): z = 1.60, not
    real; 46% -> 56% with the same n: z = 3.51, real."""
    z = z_value(p1, n1, p2, n2)
    return z, abs(z) >= Z95


def accuracy_margin(population: int) -> int:
    """The margin (percentage points) the regulator requires for a surveyed population: 5, 4, 3 or 2."""
    if population < 1:
        raise ValueError(f"a population of at least 1 was expected, not {population}")
    margin = ACCURACY_BANDS[0][1]
    for smallest, points in ACCURACY_BANDS:
        if population >= smallest:
            margin = points
    return margin


def required_sample(population: int) -> int:
    """The regulator's required minimum sample size: n0 = 1.96² x 0.25 / e², n = n0 / (1 + n0 / N),
    e the band's margin as a proportion, rounded half-up to a whole number.  7,271 -> 554;
    34,460 -> 2,245.  Never more than the population (n0 / (1 + n0 / N) < N always)."""
    e = Decimal(accuracy_margin(population)) / 100
    with localcontext() as context:
        context.prec = 28
        n0 = Z95 * Z95 * Decimal("0.25") / (e * e)
        needed = n0 / (1 + n0 / population)
    return int(needed.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def margin_reached(n: int, population: int) -> Decimal:
    """The margin a sample of n reaches at 50% (the worst case, which the rule is set by), to 1 place:
    what a sample that fell short can promise."""
    return margin_of_error(50, n, population)


def sample_size(result) -> int | None:
    """A survey result's number of responses: `responses`, else `of` (a survey written as count of
    those who answered); None when neither is given or `responses: not published`."""
    if result.responses is not None:
        return result.responses
    if result.of is not None and result.responses_published:
        return result.of
    return None


def survey_figures(result, previous, percent_survey: bool, population: int | None = None
                   ) -> tuple[Decimal | None, bool | None]:
    """(margin of error, significant change) for one result and the previous result it is compared
    with, for a row: None, None unless the item is a survey percentage with a sample size.  The
    population is the result's own `population`, else ``population`` (for a TSM result, the tenure's
    homes); unknown: no correction.  The change is None without a previous result with a sample."""
    if not percent_survey or result is None or result.value is None:
        return None, None
    n = sample_size(result)
    if n is None or not 0 <= result.value <= 100:
        return None, None
    population = result.population if result.population is not None else population
    if population is not None and population < n:
        population = None  # an error already reported at check time; no correction rather than a crash
    margin = margin_of_error(result.value, n, population)
    if previous is None or previous.value is None:
        return margin, None
    before = sample_size(previous)
    if before is None:
        return margin, None
    return margin, significant_change(previous.value, before, result.value, n)[1]


def band_words(population: int) -> str:
    """The accuracy band a population falls in, in words: 'from 2,500 to 9,999'."""
    bounds = [smallest for smallest, _ in ACCURACY_BANDS] + [None]
    for (smallest, _), above in zip(ACCURACY_BANDS, bounds[1:]):
        if above is None or population < above:
            if smallest == 0:
                return f"under {above:,}"
            return f"of {smallest:,} or more" if above is None else f"from {smallest:,} to {above - 1:,}"
    raise AssertionError("unreachable: the last band has no upper bound")
