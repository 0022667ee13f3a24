"""The examples in guide/errors.md are run: each printed message must be what the tool prints.

Every problem code's section in guide/errors.md has an example of the mistake and the message
`standards check` prints for it.  The example's files are the fenced blocks marked with the file
they belong to::

    ```yaml title="standards/repairs.yaml"
    area: Repairs
    ...
    ```

(GitHub shows them as ordinary YAML; the `title` is for this test, and for MkDocs.)  A spreadsheet
for `standards import` is a ```csv block marked the same way.  The message is the section's one
```text block.

For each code this test writes the example's files over a small valid project (DEFAULT_FILES and
conftest's DEFAULT_CONFIG; a file in the example replaces the default of the same name), applies
the code's entry of SETUPS if it has one (for what a text file cannot show: bytes in another
encoding, a huge file, a folder), runs `standards check` and `standards check --json`, and asserts
that:

* the example gives exactly one problem, with this section's code (no knock-on problems
  that the guide does not show), and the exit code that goes with its severity;
* the printed text holds the guide's ```text block exactly, as one whole problem: the
  ``file:line:column: severity: message`` line, the source line and carets, and the
  Found/Expected/hint lines.

The example of "How to read a message" at the top of the page is checked against the
unknown-key example in the same way.

After a message changes, run::

    pytest tests/test_docs_examples.py --update-golden

to rewrite every ```text block in guide/errors.md with what the tool prints now (the structural
checks still apply), and review the diff.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Callable

import click
import pytest

from generator.problems import CODES, ERROR
from generator.source.files import MAX_BYTES

from .conftest import DEFAULT_CONFIG, ROOT, Run, rewrite_golden, run_standards

ERRORS_MD = ROOT / "guide" / "errors.md"

# The rest of each example's project: valid, and chosen so that no example gets a knock-on
# problem from it (the standard has no target, so an example that leaves it without a result
# gets no warning).  guide/errors.md describes these files in its introduction: keep the two
# in step.
DEFAULT_FILES = {
    "standards/repairs.yaml": (
        "area: Repairs\n"
        "standards:\n"
        "  - id: repairs-on-time\n"
        "    title: We complete repairs on time\n"
        "    unit: percent\n"
    ),
    "performance/2021-22.yaml": "period: 2021-22\nresults:\n  repairs-on-time: 91\n",
}

FENCE_RE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
SECTION_RE = r"^### `{code}`[ \t]*$(.*?)(?=^## |^### |\Z)"
INTRO_RE = re.compile(r"^## How to read a message[ \t]*$(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


# -- what a text file cannot show: one small, explicit setup per code -------------------------


def _larger_than_5_mb(root: Path) -> None:
    """performance/2021-22.yaml: the default file, then 5 MB (5,242,880 bytes) of comment lines."""
    path = root / "performance" / "2021-22.yaml"
    line = b"# " + b"x" * 125 + b"\n"  # 128 bytes
    path.write_bytes(path.read_bytes() + line * (MAX_BYTES // len(line)))


def _folder_named_like_data(root: Path) -> None:
    """A folder performance/old.yaml/ (a folder, not a file)."""
    (root / "performance" / "old.yaml").mkdir()


def _resave(name: str, encoding: str) -> Callable[[Path], None]:
    """Save the example's file ``name`` again in ``encoding`` (the guide shows its text)."""

    def resave(root: Path) -> None:
        path = root / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))

    resave.__doc__ = f"{name} saved as {encoding}"
    return resave


def _unsafe_newsletter_template(root: Path) -> None:
    """my_templates/newsletter/newsletter.html.j2: our newsletter template with, on line 3, what
    the guide shows (a template is not a YAML file, so the guide names it in words)."""
    ours = (ROOT / "generator" / "templates" / "newsletter" / "newsletter.html.j2").read_text(encoding="utf-8").splitlines(True)
    path = root / "my_templates" / "newsletter" / "newsletter.html.j2"
    path.parent.mkdir(parents=True)
    path.write_text("".join(ours[:2] + ["{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"] + ours[2:]),
                    encoding="utf-8")


# Problems that `standards check` cannot find, because another command finds them: the command
# each example runs instead (after `standards check`, which must find nothing wrong).
COMMANDS: dict[str, tuple[str, ...]] = {
    "newsletter-too-long": ("newsletter", "2021-22", "-o", "newsletter.pdf"),
    "template-unsafe": ("newsletter", "2021-22", "-o", "newsletter.pdf"),
    "config-site-dir": ("build",),
    "cannot-write": ("newsletter", "2021-22", "--edition", "text", "-o", "notes.txt/summer.txt"),
    "import-file": ("import", "kpis.xls"),
    "import-sheet": ("import", "kpis.xlsx", "--sheet", "Q3"),
    "import-header": ("import", "data.csv"),
    "import-unknown-item": ("import", "data.csv"),
    "import-not-a-number": ("import", "data.csv"),
    "import-not-available": ("import", "data.csv"),
    "import-duplicate-row": ("import", "data.csv"),
    "tsm-missing": ("check", "--tsm", "2024-25"),
}

def _broken_template(root: Path) -> None:
    """my_templates/pages/home.md.j2: a home page whose second line lacks a closing brace."""
    path = root / "my_templates" / "pages" / "home.md.j2"
    path.parent.mkdir(parents=True)
    path.write_text("# How we're doing\n{{ project.areas | length }\n", encoding="utf-8")


def _text_as_logo(root: Path) -> None:
    """logo.png: a text file renamed, not a picture."""
    (root / "logo.png").write_text("This is not a picture.\n", encoding="utf-8")


def _screen_profile(root: Path) -> None:
    """printer.icc: the sRGB profile of a screen, from Little CMS."""
    from PIL import ImageCms

    (root / "printer.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def _old_excel_workbook(root: Path) -> None:
    """kpis.xls: the start of an Excel 97-2003 workbook (its signature, then zero bytes)."""
    from generator.source.spreadsheet import OLE_SIGNATURE

    (root / "kpis.xls").write_bytes(OLE_SIGNATURE + bytes(504))


def _workbook_of_two_sheets(root: Path) -> None:
    """kpis.xlsx: a workbook made with openpyxl, with the sheets Q1 and Q2, each a header row and a result."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Q1"
    workbook.create_sheet("Q2")
    for quarter, sheet in enumerate(workbook.worksheets, start=1):
        sheet.append(["id", f"2021-22 Q{quarter}"])
        sheet.append(["repairs-on-time", 91])
    workbook.save(root / "kpis.xlsx")


def _peers_workbook(case: str) -> Callable[[Path], None]:
    """regulator/tsm.xlsx: a workbook of the regulator's dataset's layout made with openpyxl (the sheets
    TSM25_LCRA_Perception, TSM25_LCHO_Perception and TSM25_Management_Info, a header row on row 3 and one
    landlord, L0001 A Homes), broken as ``case`` says; "text": a text file with that name instead."""

    def make(root: Path) -> None:
        import openpyxl

        (root / "regulator").mkdir(exist_ok=True)
        if case == "text":
            (root / "regulator" / "tsm.xlsx").write_text("Landlord name,Landlord code\n", encoding="utf-8")
            return
        tp01 = "Overall satisfaction" if case == "column" else \
            "Proportion of respondents who report that they are satisfied with the service provided by their landlord (TP01)"
        context = ["Landlord type", "Landlord group size (homes owned, LCRA and LCHO combined)",
                   "Landlord predominant region", "LCRA above 30% supported housing"]
        row = ["A Homes", "L0001", "PRP", "<5,000", "South", "No"]
        workbook = openpyxl.Workbook()
        workbook.active.title = "TSM25_LCRA_Perception"
        workbook.active.append(["Tenant Satisfaction Measures 2025 - Dataset"])
        workbook.active.append([])
        workbook.active.append(["Landlord name", "Landlord code"] + context + [tp01])
        workbook.active.append(row + ["n/a" if case == "cell" else 71.8])
        if case != "sheet":
            lcho = workbook.create_sheet("TSM25_LCHO_Perception")
            if case != "header":
                lcho.append(["Landlord name", "Landlord code", "Landlord type", tp01.replace(
                    "Overall satisfaction", "Proportion of respondents who report that they are satisfied (TP01)")])
            lcho.append(["A Homes", "L0001", "PRP", "[Z]"])
        info = workbook.create_sheet("TSM25_Management_Info")
        info.append(["Landlord name", "Landlord code", "Landlord type",
                     "Number of anti-social behaviour cases, opened per 1,000 homes (NM01 1)"])
        info.append(["A Homes", "L0001", "PRP", 12.5])
        workbook.save(root / "regulator" / "tsm.xlsx")

    return make


# A warning that an example cannot show alone, and the one other warning it must come with (the guide
# says so): our row in the regulator's dataset is compared with a TSM year's results, and a year short
# of complete (every example's is) also warns that it is incomplete.
COMPANIONS: dict[str, tuple[str, ...]] = {"peers-own-row": ("tsm-incomplete",)}


SETUPS: dict[str, Callable[[Path], None]] = {
    "peers-file": _peers_workbook("text"),
    "peers-sheet": _peers_workbook("sheet"),
    "peers-header": _peers_workbook("header"),
    "peers-column": _peers_workbook("column"),
    "peers-landlord": _peers_workbook("landlord"),
    "peers-cell": _peers_workbook("cell"),
    "peers-own-row": _peers_workbook("own"),
    "import-file": _old_excel_workbook,
    "import-sheet": _workbook_of_two_sheets,
    "config-template": _broken_template,
    "config-logo": _text_as_logo,
    "config-profile": _screen_profile,
    "file-too-large": _larger_than_5_mb,
    "file-unreadable": _folder_named_like_data,
    "file-binary": _resave("performance/2021-22.yaml", "utf-16-le"),  # UTF-16 with no byte-order mark
    "file-encoding": _resave("performance/2021-22.yaml", "cp1252"),  # Windows "Western"
    "template-unsafe": _unsafe_newsletter_template,
    "cannot-write": lambda root: (root / "notes.txt").write_text("Our notes\n", encoding="utf-8"),
}


# -- reading the guide ----------------------------------------------------------------------


class Fence:
    def __init__(self, match: re.Match, offset: int):
        words = shlex.split(match.group(1)) if match.group(1).strip() else []
        self.language = words[0] if words else ""
        self.attributes = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        self.body = match.group(2)
        self.start = offset + match.start()  # in the whole page
        self.body_start = offset + match.start(2)
        self.body_end = offset + match.end(2)

    @property
    def title(self) -> str | None:
        return self.attributes.get("title")


def section_span(markdown: str, code: str) -> tuple[int, int]:
    match = re.search(SECTION_RE.format(code=re.escape(code)), markdown, re.MULTILINE | re.DOTALL)
    assert match, f"guide/errors.md has no section ### `{code}`"
    return match.start(1), match.end(1)


def fences(markdown: str, span: tuple[int, int]) -> list[Fence]:
    start, end = span
    return [Fence(m, start) for m in FENCE_RE.finditer(markdown[start:end])]


def text_fence(markdown: str, span: tuple[int, int], where: str) -> Fence:
    found = [f for f in fences(markdown, span) if f.language == "text"]
    assert len(found) == 1, f"{where}: expected one ```text block with the printed message, found {len(found)}"
    return found[0]


def example_files(markdown: str, code: str) -> dict[str, str]:
    """The files of a code's example: its ```yaml title="…" blocks, checked for shape."""
    span = section_span(markdown, code)
    blocks = fences(markdown, span)
    message = text_fence(markdown, span, code)
    files: dict[str, str] = {}
    for fence in blocks:
        if fence.title is None:
            continue  # a block in "How to fix it", for instance
        assert fence.language in ("yaml", "csv"), f"{code}: the example file {fence.title} is not a ```yaml block"
        assert fence.language == "yaml" or fence.title.endswith(".csv"), f"{code}: a ```csv block for {fence.title}"
        assert fence.start < message.start, f"{code}: the example file {fence.title} comes after the message"
        assert fence.title not in files, f"{code}: two blocks for {fence.title}"
        # GitHub does not show the title, so the text just above must name the file.
        lead_in = markdown[:fence.start].rstrip().rsplit("\n\n", 1)[-1]
        assert f"`{fence.title}`" in lead_in, f"{code}: the text above the block does not name `{fence.title}`"
        files[fence.title] = fence.body
    return files


def replace_block(path: Path, locate: Callable[[str], Fence], new_body: str) -> None:
    """Rewrite one fenced block of ``path`` (found afresh, as other tests may have rewritten others)."""
    markdown = path.read_text(encoding="utf-8")
    fence = locate(markdown)
    updated = markdown[:fence.body_start] + new_body + markdown[fence.body_end:]
    rewrite_golden(path, updated)  # only when it changed, with its diff printed at the end


# -- running an example ------------------------------------------------------------------------


def run_example(code: str, markdown: str, make_project) -> tuple[dict, str]:
    """Build and check the example of ``code``: (its one problem as JSON, its printed block)."""
    own = example_files(markdown, code)
    assert own or code in SETUPS, f"{code}: the example has no ```yaml title=\"…\" block and no setup in SETUPS"
    files = {**DEFAULT_FILES, **own}
    config = files.pop("mkdocs.yml", DEFAULT_CONFIG)
    root = make_project(files, config)
    if code in SETUPS:
        SETUPS[code](root)

    found = run_standards("check", "--json", cwd=root).json
    if code in COMMANDS:
        return _run_command(code, found, root)
    problems = [p for p in found["errors"] + found["warnings"] if p["code"] not in COMPANIONS.get(code, ())]
    summary = [f"{p['file']}:{p['line']}:{p['column']} {p['code']}" for p in problems]
    assert [p["code"] for p in problems] == [code], (
        f"the example of {code} should give exactly that one problem, but gives {summary}")
    problem = problems[0]

    printed = run_standards("check", cwd=root)
    assert printed.exit_code == (1 if CODES[code].severity == ERROR else 0), printed.text
    head = f"{problem['file']}:{problem['line']}:{problem['column']}: {problem['severity']}: "
    if problem.get("cell") is not None:  # a spreadsheet's 'regulator/tsm.xlsx:Sheet!A1: ', or the whole file's
        head = f"{problem['file']}{':' + problem['cell'] if problem['cell'] else ''}: {problem['severity']}: "
    blocks = [b for b in printed.text.split("\n\n") if b.startswith(head)]
    assert len(blocks) == 1, f"{code}: no single printed problem starting {head!r} in:\n{printed.text}"
    return problem, blocks[0].rstrip("\n") + "\n"


def _run_command(code: str, checked: dict, root: Path) -> tuple[dict, str]:
    """An example whose problem another command finds: check is clean, the command prints one problem."""
    assert not checked["errors"] + checked["warnings"], f"{code}: standards check should find nothing wrong"
    printed = _import_without_the_command(root, COMMANDS[code]) if _no_import_command(COMMANDS[code]) else \
        run_standards(*COMMANDS[code], cwd=root)
    assert printed.exit_code == (1 if CODES[code].severity == ERROR else 0), printed.text
    # 'file:line:column: ', or a spreadsheet's 'data.csv:B2: ' and 'kpis.xls: '
    head = re.compile(rf"^\S+: {CODES[code].severity}: ")
    blocks = [b for b in printed.text.split("\n\n") if head.match(b)]
    assert len(blocks) == 1, f"{code}: no single printed problem in:\n{printed.text}"
    return {"code": code}, blocks[0].rstrip("\n") + "\n"


def _no_import_command(args: tuple[str, ...]) -> bool:
    from generator.cli import main

    return args[0] == "import" and "import" not in main.commands


def _import_without_the_command(root: Path, args: tuple[str, ...]) -> Run:
    """What `standards import` prints of the problems its reader finds, while the command itself is not
    part of this branch: the reader (source/ and validate/spreadsheet.py) run on the example's
    spreadsheet, its problems printed as every command prints them (commands/common.print_problems).
    Once `standards import` is there, the examples run it instead (see _no_import_command)."""
    from click.testing import CliRunner

    from generator.commands.common import print_problems
    from generator.pipeline import check_project
    from generator.problems import Problems
    from generator.registry.periods import parse_period
    from generator.source.spreadsheet import read_table
    from generator.validate.spreadsheet import results_from_table

    file, options = args[1], dict(zip(args[2::2], args[3::2]))  # import FILE [--sheet S] [--period P]

    def run() -> None:
        problems = Problems()
        table = read_table(root / file, file, problems, sheet=options.get("--sheet"))
        if table is not None:
            project = check_project(root / "mkdocs.yml").project
            period = options.get("--period")
            results_from_table(table, project, problems, parse_period(period) if period else None)
        print_problems(root, problems, "Nothing was imported.")
        raise SystemExit(1 if problems.errors else 0)

    result = CliRunner().invoke(click.Command("import", callback=run), [], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def _compare(where: str, shown: str, printed: str) -> None:
    assert shown == printed, (
        f"{where}: guide/errors.md shows\n{shown}\nbut standards check prints\n{printed}\n"
        "If the new message is right, run: pytest tests/test_docs_examples.py --update-golden")


@pytest.fixture
def update(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.mark.parametrize("code", CODES)
def test_example_prints_the_message_shown(code, make_project, update):
    markdown = ERRORS_MD.read_text(encoding="utf-8")
    _, printed = run_example(code, markdown, make_project)

    def locate(page: str) -> Fence:
        return text_fence(page, section_span(page, code), code)

    if update:
        replace_block(ERRORS_MD, locate, printed)
        return
    _compare(code, locate(markdown).body, printed)


def test_how_to_read_a_message_shows_a_real_message(make_project, update):
    """The example at the top of the page is the unknown-key example's message."""
    markdown = ERRORS_MD.read_text(encoding="utf-8")
    _, printed = run_example("unknown-key", markdown, make_project)

    def locate(page: str) -> Fence:
        match = INTRO_RE.search(page)
        assert match, "guide/errors.md has no section ## How to read a message"
        return text_fence(page, match.span(1), "How to read a message")

    if update:
        replace_block(ERRORS_MD, locate, printed)
        return
    _compare("How to read a message", locate(markdown).body, printed)


def test_every_setup_is_for_a_code():
    assert set(SETUPS) <= set(CODES)
    assert set(COMMANDS) <= set(CODES)
