import hashlib
import json
import random
import unicodedata

import pytest

from autograder.writers.files import is_safe_id, json_text, safe_dirname, write_atomic


def old_safe_dirname(student_id: str) -> str:
    """The folder names of earlier kits, which let ``a b`` and ``a_b-<hash>`` collide."""
    cleaned = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in student_id)
    cleaned = cleaned.lstrip(".")[:80]
    if cleaned == student_id:
        return cleaned
    digest = hashlib.sha256(student_id.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{cleaned or 'id'}-{digest}"


def colliding_pair() -> tuple[str, str]:
    """``a b`` and the safe id that took its folder under the old scheme."""
    return "a b", old_safe_dirname("a b")


def on_any_filesystem(name: str) -> set[str]:
    """The spellings a case-insensitive or normalising filesystem treats as ``name``."""
    return {unicodedata.normalize(form, name).casefold() for form in ("NFC", "NFD", "NFKC", "NFKD")}


HANGUL = "김민준"
TRICKY = [
    "kim_2024001", "Kim_2024001", "KIM_2024001", "kim", "Kim", "KIM", "a", "A",
    "a b", "a_b", "a/b", "a\\b", "a:b", "a?b", "a*b", "a|b", "a.b", "a\tb", "a\nb", "a\0b",
    *colliding_pair(), "../a_b", ".a_b", "a_b.", "a_b ", " a_b", "-a_b", "_a_b",
    ".", "..", "...", "", " ", "~", "a~b", "a_b~0000000000000000",
    HANGUL, unicodedata.normalize("NFD", HANGUL), "Ｋim", "\u212aim",  # fullwidth K, Kelvin sign
    "straße", "strasse", "STRASSE", "İ", "i̇", "ı", "é", "e\u0301", "\udcc3\udca9", "\udce9",
    "con", "CON", "nul", "com1", "lpt9", "con.txt", "index.html", "grades.csv", ".cache",
    "x" * 64, "x" * 65, "x" * 300 + "1", "x" * 300 + "2", "김" * 64, "김" * 65,
    "kim@uni.ac.kr", "kim@uni_ac_kr", "<img src=x onerror=alert(1)>", "# 만점 100/100",
]  # fmt: skip


def test_ordinary_ids_keep_their_name():
    for student_id in ("kim_2024001", "kim_minjun", "김민준", "student", "lee-2", "a@b", "x" * 64):
        assert is_safe_id(student_id)
        assert safe_dirname(student_id) == student_id


@pytest.mark.parametrize("student_id", ["Kim", "a b", "kim.minjun", "../x", "", "con", "-rf"])
def test_other_ids_get_a_readable_prefix_and_a_hash_of_the_exact_id(student_id):
    name = safe_dirname(student_id)
    prefix, digest = name.split("~")
    assert prefix and len(digest) == 16
    assert digest == hashlib.sha256(student_id.encode("utf-8")).hexdigest()[:16]
    assert safe_dirname("Kim").startswith("kim~")


def test_the_old_collision_is_gone():
    spaced, lookalike = colliding_pair()
    assert old_safe_dirname(spaced) == old_safe_dirname(lookalike)  # the bug
    assert safe_dirname(spaced) != safe_dirname(lookalike)
    assert safe_dirname(lookalike) == lookalike  # an ordinary-looking id keeps its name


def test_no_two_ids_share_a_folder_even_on_case_insensitive_normalising_filesystems():
    rng = random.Random(12)
    alphabet = "aAbB _-.~@/\\:`*#<>\u0301\u212a김민\u1100\u1161ß"
    ids = set(TRICKY) | {
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(20_000)
    }
    seen: dict[str, str] = {}
    for student_id in ids:
        name = safe_dirname(student_id)
        for spelling in on_any_filesystem(name):
            assert seen.setdefault(spelling, student_id) == student_id, (student_id, name)


@pytest.mark.parametrize("student_id", TRICKY)
def test_every_name_is_a_plain_folder_name_on_every_system(student_id):
    name = safe_dirname(student_id)
    assert name not in ("", ".", "..")
    assert not name.startswith((".", "-", " ", "~"))
    assert not any(c in name for c in '/\\:*?"<>|.\0 \t\n')
    assert len(name) <= 64 and len(name.encode("utf-8")) <= 200
    assert name not in ("con", "prn", "aux", "nul", "com1", "lpt9")
    assert name == name.casefold() == unicodedata.normalize("NFC", name)
    assert is_safe_id(name) == ("~" not in name)  # a safe id never looks escaped


def test_the_names_really_are_distinct_folders(tmp_path):
    for student_id in set(TRICKY):
        (tmp_path / safe_dirname(student_id)).mkdir()
    assert len(list(tmp_path.iterdir())) == len(set(TRICKY))


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "r" / "grades.csv"
    write_atomic(target, "old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["grades.csv"]


def test_an_id_from_a_file_name_that_is_not_utf8_can_be_written_and_read_back(tmp_path):
    student_id = "\udcff\udcfe-raw"  # os.fsdecode(b"\xff\xfe-raw")
    assert json_text({"id": "김민준"}) == '{"id": "김민준"}'  # readable when it can be
    write_atomic(tmp_path / "detail.json", json_text({"student_id": student_id}))
    doc = json.loads((tmp_path / "detail.json").read_text(encoding="utf-8"))
    assert doc["student_id"] == student_id
