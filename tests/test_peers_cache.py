"""The regulator's dataset kept between runs (.standards-cache/regulator/): the same dataset and the
same problems with and without it, keyed on the file's bytes, and a damaged cache never matters."""

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.model import PeerValue
from generator.problems import Location, Problem, Problems
from generator.registry.periods import parse_period
from generator.validate import peers, peers_cache

DATA = Path(__file__).parent / "data" / "tsm"
YEAR = parse_period("2024-25")
FILE = "regulator/TSM_2025_Full_Data.xlsx"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "regulator").mkdir()
    shutil.copyfile(DATA / "TSM_2025_Full_Data.xlsx", tmp_path / FILE)
    return tmp_path


def _read(root: Path, *files: str):
    peers._MEMO.clear()  # a new run: nothing kept in this process
    problems = Problems()
    dataset = peers.read_dataset(root, files, YEAR, problems)
    return dataset, problems.items


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".standards-cache" / "regulator").glob("*.json"))


def _no_workbook(monkeypatch):
    """Reading the workbook fails the test: the dataset must come from the cache."""
    def fail(*args, **kwargs):
        raise AssertionError("the workbook was read")
    monkeypatch.setattr(peers, "read_workbook", fail)


def _data_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".standards-cache" not in p.parts}


def test_cold_then_warm_read_the_same(project, monkeypatch):
    before = _data_files(project)
    cold, cold_problems = _read(project, FILE)
    assert cold_problems == []
    # the entry is named by the file's sha256 (hashlib over the bytes, computed apart) and the version
    import hashlib
    name = f"{hashlib.sha256((project / FILE).read_bytes()).hexdigest()}-r{peers_cache.READER_VERSION}.json"
    assert [p.name for p in _entries(project)] == [name]
    assert _data_files(project) == before  # nothing written beside the data
    _no_workbook(monkeypatch)
    warm, warm_problems = _read(project, FILE)
    assert warm == cold and warm_problems == cold_problems
    # the cells of the hand-checked row (tests/test_peers_read.py) come back the same, exponent and all
    assert warm.landlord("L4240").values[("TP01", "lcra")] == PeerValue(Decimal("60.7"))
    assert str(warm.landlord("L4240").values[("TP01", "lcra")].value) == "60.7"
    assert warm.landlord("L4240").values[("CH01_1", "combined")] == PeerValue(None, "U")
    assert warm.landlord("5060").location == cold.landlord("5060").location
    assert warm.landlord("5060").location.cell == "TSM25_LCRA_Perception!A307"
    assert list(warm.landlord("L4240").values) == list(cold.landlord("L4240").values)  # the order too
    assert warm.title == "Tenant Satisfaction Measures 2025 - Dataset"


@pytest.mark.parametrize("damage", [
    b"{not json",
    b"\xff\xfe\x00",
    b'{"header": 1}',
    b"[]",
    b"",
    "a foreign entry",  # valid JSON of another version
    "a landlord broken",  # the right header, a landlord that is not a list of five
    "a value that is no number",
])
def test_a_damaged_entry_is_ignored_and_written_again(project, damage):
    cold, _ = _read(project, FILE)
    entry = _entries(project)[0]
    document = json.loads(entry.read_bytes())
    if damage == "a foreign entry":
        document["header"]["reader"] = 0
        damage = json.dumps(document).encode()
    elif damage == "a landlord broken":
        document["landlords"][0] = ["L0001"]
        damage = json.dumps(document).encode()
    elif damage == "a value that is no number":
        document["landlords"][0][3][0][1] = "lots"
        damage = json.dumps(document).encode()
    entry.write_bytes(damage)
    again, problems = _read(project, FILE)
    assert again == cold and problems == []
    assert json.loads(entry.read_bytes())["header"]["reader"] == peers_cache.READER_VERSION  # rewritten whole


def _book(root: Path, tp01: object) -> str:
    book = openpyxl.Workbook()
    book.active.title = "Introduction"
    book.active["A1"] = "Tenant Satisfaction Measures 2025 - Dataset"
    tp = "Proportion of respondents who report that they are satisfied with the service provided by their landlord (TP01)"
    context = ["Landlord group size (homes owned, LCRA and LCHO combined)", "Landlord predominant region",
               "LCRA above 30% supported housing"]
    for sheet, header, row in (
        ("TSM25_LCRA_Perception", ["Landlord name", "Landlord code", "Landlord type"] + context + [tp],
         ["A Homes", "L0001", "PRP", "<5,000", "South", "No", tp01]),
        ("TSM25_LCHO_Perception", ["Landlord name", "Landlord code", "Landlord type", tp], ["A Homes", "L0001", "PRP", "[Z]"]),
        ("TSM25_Management_Info", ["Landlord name", "Landlord code", "Landlord type",
                                   "Number of anti-social behaviour cases, opened per 1,000 homes (NM01 1)"],
         ["A Homes", "L0001", "PRP", 12.5]),
    ):
        ws = book.create_sheet(sheet)
        ws.append(header)
        ws.append(row)
    book.save(root / "peers.xlsx")
    return "peers.xlsx"


def test_a_changed_workbook_is_read_again(tmp_path, monkeypatch):
    first, _ = _read(tmp_path, _book(tmp_path, 71.8))
    assert first.landlord("L0001").values[("TP01", "lcra")] == PeerValue(Decimal("71.8"))
    second, _ = _read(tmp_path, _book(tmp_path, 64.7))  # same name, same size, other bytes
    assert second.landlord("L0001").values[("TP01", "lcra")] == PeerValue(Decimal("64.7"))
    assert len(_entries(tmp_path)) == 2
    _no_workbook(monkeypatch)
    assert _read(tmp_path, "peers.xlsx")[0] == second  # now from the cache


def test_a_read_with_errors_is_not_kept(tmp_path):
    dataset, problems = _read(tmp_path, _book(tmp_path, "n/a"))
    assert dataset is None and [p.code for p in problems] == ["peers-cell"]
    assert _entries(tmp_path) == []
    assert [p.code for p in _read(tmp_path, "peers.xlsx")[1]] == ["peers-cell"]  # said again, every run


def test_the_same_bytes_under_another_name_are_read_for_that_name(tmp_path, monkeypatch):
    _read(tmp_path, _book(tmp_path, 71.8))
    shutil.copyfile(tmp_path / "peers.xlsx", tmp_path / "renamed.xlsx")
    moved, _ = _read(tmp_path, "renamed.xlsx")  # its locations name the new file, not the cached one
    assert moved.file == "renamed.xlsx" and moved.landlord("L0001").location.file == "renamed.xlsx"


@pytest.mark.parametrize("blocked", ["a file where the cache folder goes", "a file where its regulator/ goes",
                                     "the cache folder a link"])
def test_no_cache_when_nothing_can_be_written(tmp_path, blocked):
    if blocked == "a file where the cache folder goes":
        (tmp_path / ".standards-cache").write_text("not a folder")
    elif blocked == "a file where its regulator/ goes":
        (tmp_path / ".standards-cache").mkdir()
        (tmp_path / ".standards-cache" / "regulator").write_text("not a folder")
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / ".standards-cache").symlink_to(tmp_path / "elsewhere")
    name = _book(tmp_path, 71.8)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for _ in range(2):
        dataset, problems = _read(tmp_path, name)
        assert problems == [] and dataset.landlord("L0001").values[("TP01", "lcra")] == PeerValue(Decimal("71.8"))
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert not any(p.suffix in (".json", ".tmp") for p in tmp_path.rglob("*"))


def test_warnings_of_the_read_come_back_the_same(tmp_path):
    dataset, _ = _read(tmp_path, _book(tmp_path, 71.8))
    key = peers_cache.digest([(tmp_path / "peers.xlsx").read_bytes()])
    warned = [Problem("peers-own-row", "A warning the read gave.", Location("peers.xlsx", 12, 7, 1,
                                                                            "TSM25_LCRA_Perception!G12"),
                      "71.8%", "72.1%", "A hint.")]
    assert peers_cache.store(tmp_path, key, ("peers.xlsx",), YEAR, [], dataset, warned)
    assert peers_cache.load(tmp_path, key, ("peers.xlsx",), YEAR, []) == (dataset, warned)
    # an error, or a warning located outside the dataset's files (mkdocs.yml), is never kept
    error = [Problem("peers-cell", "An error.", Location("peers.xlsx"))]
    elsewhere = [Problem("peers-year", "Not the file's.", Location("mkdocs.yml", 3, 5))]
    assert not peers_cache.store(tmp_path, key, ("peers.xlsx",), YEAR, [], dataset, error)
    assert not peers_cache.store(tmp_path, key, ("peers.xlsx",), YEAR, [], dataset, elsewhere)
