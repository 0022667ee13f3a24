"""Reading the regulator's TSM dataset: the real 2024/25 file, and a small workbook for each odd case."""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.model import PeerValue
from generator.problems import Problems
from generator.registry.periods import parse_period
from generator.validate.peers import read_dataset

DATA = Path(__file__).parent / "data" / "tsm"
YEAR = parse_period("2024-25")
CONTEXT = ["Landlord group size (homes owned, LCRA and LCHO combined)", "Landlord predominant region",
           "LCRA above 30% supported housing"]
TP01 = "Proportion of respondents who report that they are satisfied with the service provided by their landlord (TP01)"
NM01 = "Number of anti-social behaviour cases, opened per 1,000 homes (NM01 1)"


def _read(root: Path, *files: str):
    problems = Problems()
    dataset = read_dataset(root, files, YEAR, problems)
    return dataset, [(p.code, str(p.location), p.message) for p in problems.items]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")  # the read keeps its cache beside mkdocs.yml: not in tests/data
    (root / "TSM_2025_Full_Data.xlsx").write_bytes((DATA / "TSM_2025_Full_Data.xlsx").read_bytes())
    dataset, found = _read(root, "TSM_2025_Full_Data.xlsx")
    assert found == []
    return dataset


def test_real_file_counts(real):
    # 353 rows on TSM25_LCRA_Perception with a TP01 number (../shared/TSM.md §4: 353 LCRA returns)
    assert sum(1 for l in real.landlords if (v := l.values.get(("TP01", "lcra"))) and v.value is not None) == 353
    assert real.title == "Tenant Satisfaction Measures 2025 - Dataset"


def test_real_file_cells_looked_up_by_hand(real):
    a2 = real.landlord("L4240")
    # TSM25_LCRA_Perception row 12, column AA (the "(TP01)" headline): 60.7
    assert a2.values[("TP01", "lcra")] == PeerValue(Decimal("60.7"))
    assert a2.context == {"size": "5,000-40,000", "region": "South", "type": "PRP", "supported": "No"}
    # TSM25_Management_Info row 11: NM01 1 = 37.5; the combined complaints columns hold [U]
    assert a2.values[("NM01_1", "combined")] == PeerValue(Decimal("37.5"))
    assert a2.values[("CH01_1", "combined")] == PeerValue(None, "U")
    assert a2.values[("CH01_1", "lcra")] == PeerValue(Decimal("199.9"))
    # Amplius Living's code is stored as the number 5060: read as the text "5060"
    assert real.landlord("5060").name == "Amplius Living"
    assert real.landlord("5060").location.cell == "TSM25_LCRA_Perception!A307"


def _book(tmp_path: Path, name: str = "peers.xlsx", prefix: str = "TSM25_", header_row: int = 11,
          lcra_rows=(("A Homes", "L0001", "PRP", "<5,000", "South", "No", 71.8),), skip: str | None = None,
          tp01: str = TP01, landlord_type: str = "PRP") -> str:
    book = openpyxl.Workbook()
    book.active.title = "Introduction"
    book.active["A1"] = "Tenant Satisfaction Measures 2024 - Dataset"
    for sheet, header, rows in (
        ("LCRA_Perception", ["Landlord name", "Landlord code", "Landlord type"] + CONTEXT + [tp01], lcra_rows),
        ("LCHO_Perception", ["Landlord name", "Landlord code", "Landlord type", TP01.replace("(TP01)", "(TP01)")],
         [("A Homes", "L0001", landlord_type, "[Z]")]),
        ("Management_Info", ["Landlord name", "Landlord code", "Landlord type", NM01],
         [("A Homes", "L0001", landlord_type, 12.5)]),
    ):
        if sheet == skip:
            continue
        ws = book.create_sheet(prefix + sheet)
        ws.cell(1, 1, "A title above the table")
        for c, text in enumerate(header, 1):
            ws.cell(header_row, c, text)
        for r, row in enumerate(rows, header_row + 1):
            for c, value in enumerate(row, 1):
                ws.cell(r, c, value)
    book.save(tmp_path / name)
    return name


def test_markers_are_never_zero(tmp_path):
    rows = [(f"L{n}", f"L000{n}", "PRP", "<5,000", "South", "No", v)
            for n, v in enumerate(["[X]", "[Z]", "[E]", "[U]", "[S]", None, 64.7], 1)]
    dataset, found = _read(tmp_path, _book(tmp_path, lcra_rows=rows))
    assert found == []
    assert [dataset.landlord(f"L000{n}").values[("TP01", "lcra")] for n in range(1, 8)] == [
        PeerValue(None, "X"), PeerValue(None, "Z"), PeerValue(None, "E"), PeerValue(None, "U"),
        PeerValue(None, "S"), PeerValue(None, None), PeerValue(Decimal("64.7"))]


def test_another_years_layout(tmp_path):
    # 2023/24: TSM24_ sheets, the header on row 3, landlord type LARP for councils
    rows = (("A Council", "45UB", "LARP", "5,000-40,000", "Midlands", "No", 70.15),)
    dataset, found = _read(tmp_path, _book(tmp_path, prefix="TSM24_", header_row=3, lcra_rows=rows,
                                           landlord_type="LARP"))
    assert found == []
    council = dataset.landlord("45ub")
    assert council.context["type"] == "LARP"
    assert council.values[("TP01", "lcra")] == PeerValue(Decimal("70.15"))
    assert dataset.landlord("L0001").values == {("TP01", "lcho"): PeerValue(None, "Z"),
                                                ("NM01_1", "combined"): PeerValue(Decimal("12.5"))}


@pytest.mark.parametrize("case, expected", [
    ("missing sheet", [("peers-sheet", "peers.xlsx",
                        "peers.xlsx has no sheet of LCHO_Perception: its sheets are Introduction, "
                        "TSM25_LCRA_Perception and TSM25_Management_Info.")]),
    ("renamed column", [("peers-column", "peers.xlsx:TSM25_LCRA_Perception!A11",
                         "peers.xlsx, sheet TSM25_LCRA_Perception, has no column 'Proportion of respondents who report "
                         "that they are satisfied with the service provided by their landlord (TP01)' in its header "
                         "row (row 11).")]),
    ("text in a cell", [("peers-cell", "peers.xlsx:TSM25_LCRA_Perception!G12",
                         "Cell TSM25_LCRA_Perception!G12 of peers.xlsx holds 'n/a', which is neither a number nor "
                         "one of the regulator's markers.")]),
])
def test_odd_workbooks(tmp_path, case, expected):
    if case == "missing sheet":
        name = _book(tmp_path, skip="LCHO_Perception")
    elif case == "renamed column":
        name = _book(tmp_path, tp01="Overall satisfaction")
    else:
        name = _book(tmp_path, lcra_rows=(("A Homes", "L0001", "PRP", "<5,000", "South", "No", "n/a"),))
    dataset, found = _read(tmp_path, name)
    assert dataset is None
    assert found == expected


def test_header_moved_to_row_3(tmp_path):
    dataset, found = _read(tmp_path, _book(tmp_path, header_row=3))
    assert found == []
    assert dataset.landlord("L0001").values[("TP01", "lcra")] == PeerValue(Decimal("71.8"))
    assert dataset.landlord("L0001").location.cell == "TSM25_LCRA_Perception!A4"


def test_no_header_row(tmp_path):
    book = openpyxl.Workbook()
    for sheet in ("TSM25_LCRA_Perception", "TSM25_LCHO_Perception", "TSM25_Management_Info"):
        book.create_sheet(sheet)["A1"] = "Name"
    book.save(tmp_path / "peers.xlsx")
    dataset, found = _read(tmp_path, "peers.xlsx")
    assert dataset is None
    assert found[0] == ("peers-header", "peers.xlsx:TSM25_LCRA_Perception!A1",
                        "peers.xlsx, sheet TSM25_LCRA_Perception, has no header row: no cell says 'Landlord name'.")


def test_not_a_workbook(tmp_path):
    (tmp_path / "peers.xlsx").write_text("Landlord name,Landlord code\n")
    dataset, found = _read(tmp_path, "peers.xlsx")
    assert dataset is None
    assert found == [("peers-file", "peers.xlsx", "peers.xlsx is not an Excel workbook (.xlsx): it is not a zip of a "
                      "workbook's parts.")]


def test_csv_tables(tmp_path):
    (tmp_path / "lcra.csv").write_text(
        "ProviderName,ProviderNumber,ProviderType," + ",".join(f'"{c}"' for c in CONTEXT) +
        ",TP01_Satisfied_Calc_LCRA\nA Homes,5060,PRP,<5,000,South,No,71.8\nB Homes,L0002,PRP,<5,000,North,No,[S]\n"
        .replace("<5,000", '"<5,000"'))
    (tmp_path / "mi.csv").write_text("ProviderName,ProviderNumber,ProviderType,CH01_1_Calculated_Value_LCHO,"
                                     "NM01_1_Calculated_Value\nA Homes,5060,PRP,38.3,61.7\n")
    dataset, found = _read(tmp_path, "lcra.csv", "mi.csv")
    assert found == []
    a = dataset.landlord("5060")
    assert a.context == {"size": "<5,000", "region": "South", "type": "PRP", "supported": "No"}
    assert a.values == {("TP01", "lcra"): PeerValue(Decimal("71.8")), ("CH01_1", "lcho"): PeerValue(Decimal("38.3")),
                        ("NM01_1", "combined"): PeerValue(Decimal("61.7"))}
    assert dataset.landlord("L0002").values[("TP01", "lcra")] == PeerValue(None, "S")


# -- `tsm: peers:` in mkdocs.yml ------------------------------------------------------------------

from generator.source.yaml import parse  # noqa: E402
from generator.validate.peers import check_landlord, read_peer_settings  # noqa: E402


def _settings(text: str):
    problems = Problems()
    read = read_peer_settings(parse(text, "mkdocs.yml", problems), problems)
    return read, [(p.code, str(p.location), p.message) for p in problems.items]


def test_settings_read():
    read, found = _settings("datasets: {2024-25: regulator/a.xlsx}\nsimilar: [region, size]\nsize: 5,000-40,000\n"
                            "region: Midlands\n")
    assert found == []
    assert read.datasets == {"2024-25": "regulator/a.xlsx"} and read.files == {"2024-25": ("regulator/a.xlsx",)}
    assert read.similar == ("size", "region")  # in the registry's order
    assert read.context == {"size": "5,000-40,000", "region": "Midlands"} and read.landlord is None


@pytest.mark.parametrize("text, expected", [
    ("datasets: {2024-25: a.xlsx}\nsimilar: [colour]\n",
     [("invalid-choice", "mkdocs.yml:2:11", "'similar' compares landlords by size, region, type and supported, "
       "but 'colour' is given.")]),
    ("datasets: {2024-25: a.xlsx}\nsimilar: [size]\n",
     [("missing-key", "mkdocs.yml:1:1", "'similar' compares by size, but 'peers' gives neither 'landlord' nor "
       "'size'.")]),
    ("datasets: {2024: a.xlsx}\n",
     [("invalid-period", "mkdocs.yml:1:12", "'2024' under 'datasets' is not a financial year.")]),
    ("datasets: {2024-25: [a.xlsx, b.csv]}\n",
     [("wrong-type", "mkdocs.yml:1:21", "The dataset for 2024-25 lists 2 files, but only the CSV release comes as "
       "several files.")]),
])
def test_settings_mistakes(text, expected):
    read, found = _settings(text)
    assert read is False
    assert found == expected


def test_landlord_and_context_not_in_file(real):
    settings, found = _settings("datasets: {2024-25: a.xlsx}\nlandlord: L42400\nsize: 5000-40000\n")
    problems = Problems()
    check_landlord(real, settings, problems)
    assert [(p.code, str(p.location), p.message, p.hint[:60]) for p in problems.items] == [
        ("peers-landlord", "mkdocs.yml:2:11", "The landlord code 'L42400' is not in TSM_2025_Full_Data.xlsx "
         "(360 landlords).", "Did you mean 'L4240' (A2Dominion Housing Group Limited), 'L4"),
        ("invalid-choice", "mkdocs.yml:3:7", "'size' under 'peers' is '5000-40000', which TSM_2025_Full_Data.xlsx "
         "never writes in its column 'Landlord group size (homes owned, LCRA and LCHO combined)'.",
         "Did you mean '5,000-40,000'?")]


def test_real_file_quartiles_through_the_reader(real):
    # the reader's TP01 LCRA values give the quartiles worked out from the sheet by hand
    # (../shared/TSM.md §4; issue 13): inclusive 64.7 / 71.8 / 78.9 over 353 landlords
    from generator.assess.peers import quartiles
    values = [v.value for l in real.landlords if (v := l.values.get(("TP01", "lcra"))) and v.value is not None]
    q = quartiles(values)
    assert (q.lower, q.median, q.upper, q.count) == (Decimal("64.7"), Decimal("71.8"), Decimal("78.9"), 353)


@pytest.mark.parametrize("given, hint", [
    ("A2Dominion", "Did you mean 'L4240' (A2Dominion Housing Group Limited)?"),  # a name's word, not a code
    ("a2dominion housing", "Did you mean 'L4240' (A2Dominion Housing Group Limited)?"),
    ("Clarion", "Did you mean 'LH4087' (Clarion Housing Group Limited)?"),
    ("Sovereign Network", "Did you mean '4837' (Sovereign Network Group)?"),  # a code stored as a number
    ("Nowhere Homes", None),
])
def test_landlord_close_by_name_words(real, given, hint):
    settings, _ = _settings(f"datasets: {{2024-25: a.xlsx}}\nlandlord: {given}\n")
    problems = Problems()
    check_landlord(real, settings, problems)
    assert [p.code for p in problems.items] == ["peers-landlord"]
    assert problems.items[0].hint.startswith(hint) if hint else problems.items[0].hint.startswith("Your code is")
