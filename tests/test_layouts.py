"""Class downloads of Canvas, Moodle, GitHub Classroom and nbgrader, read as people
(autograder/intake/layouts/): the fixtures are built from each platform's naming rules
(tests/platform_fixtures.py); nothing is graded here (test_layouts_grade.py grades)."""

from __future__ import annotations

import pytest

from autograder.config import Limits
from autograder.intake import submission as intake
from autograder.intake.layouts import LayoutError, read_class
from autograder.model import Identity, LeftOut, Source
from autograder.orchestration.cache import ResultCache
from autograder.public.stubgen import strip_solutions
from tests import platform_fixtures as pf
from tests.conftest import REFERENCE

STUB = strip_solutions(REFERENCE.read_text(encoding="utf-8")).encode()

# A class with every quirk: resubmissions both ways, Hangul and spaced names, two people
# called the same, lateness, a notebook next to the same code, a text entry, text only,
# a zip holding the .py, the untouched stub next to a worked notebook.
PEOPLE = [
    pf.Person("104231", "Minjun Kim", [("gradient_descent.py", pf.GD_WRONG), ("gradient_descent.py", pf.RIGHT)]),
    pf.Person("104232", "김 민준", [("gradient_descent.py", pf.RIGHT), ("gradient_descent.py", pf.GD_WRONG)], late=True),
    pf.Person("104233", "Minjun Kim", [("gradient_descent.py", pf.RIGHT), ("gradient_descent.ipynb", pf.notebook(pf.RIGHT))], text=True),
    pf.Person("104234", "Yuna Choi", [], text=True),
    pf.Person("104235", "Han Gil Dong", [("hw1.zip", pf.zipped({"hw1/gradient_descent.py": pf.MSE_WRONG}))]),
    pf.Person("104236", "이서연", [("gradient_descent.py", STUB), ("gradient_descent.ipynb", pf.notebook(pf.RIGHT))], late=True),
]  # fmt: skip


def by_id(download):
    return {s.student_id: s for s in download.submissions}


def read(path, **kw):
    return read_class(path, stem="gradient_descent", assignment="gradient_descent", **kw)


def code_of(sub) -> str:
    source = intake.load(sub, stem="gradient_descent")
    return "".join(source.chunks).strip()  # a notebook's cell has no last line break


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "folder"])
def test_canvas_is_one_person_per_user_id_with_the_newest_file(tmp_path, zipped):
    entries = pf.canvas(PEOPLE)
    assert "kimminjun_104231_5007_gradient_descent.py" in entries  # the rules, as built
    assert "donghangil_104235_5049_hw1.zip" in entries
    assert "민준김_LATE_104232_5028_gradient_descent-1.py" in entries
    if zipped:
        path = pf.write_zip(tmp_path / "course-gd_submissions.zip", entries)
    else:
        path = pf.write_folder(tmp_path / "course-gd submissions", entries)
    download = read(path)
    assert (download.layout, download.files, download.people) == ("canvas", 11, 6)
    assert not download.anonymous
    subs = by_id(download)
    assert list(subs) == ["104231", "104232", "104233", "104234", "104235", "104236"]
    assert [s.identity.name for s in subs.values()] == [
        "kimminjun", "민준김", "kimminjun", "choiyuna", "donghangil", "이서연",
    ]  # fmt: skip
    assert [s.identity.late for s in subs.values()] == [False, True, False, False, False, True]
    # newest version graded, the older one named: wrong then right, right then wrong
    assert code_of(subs["104231"]) == pf.RIGHT.decode().strip()
    assert subs["104231"].identity.left_out == (
        LeftOut("kimminjun_104231_5007_gradient_descent.py", "older_version"),
    )
    assert code_of(subs["104232"]) == pf.GD_WRONG.decode().strip()
    assert subs["104232"].identity.graded == ("민준김_LATE_104232_5028_gradient_descent-1.py",)
    # .py and .ipynb of the same code: intake's rule grades the .py; the text entry is left
    assert subs["104233"].identity.graded == ("kimminjun_104233_5035_gradient_descent.py",)
    assert {x.why for x in subs["104233"].identity.left_out} == {"not_chosen", "not_code"}
    # text only: not a student of its own, an ungradable row that says no code
    assert subs["104234"].problem.key == "no_code_submitted"
    with pytest.raises(intake.Ungradable) as caught:
        intake.load(subs["104234"], stem="gradient_descent")
    assert caught.value.message.key == "no_code_submitted"
    # a zip holding the .py, read in memory; the untouched stub gives way to the notebook
    assert code_of(subs["104235"]) == pf.MSE_WRONG.decode().strip()
    assert subs["104236"].identity.graded[0].endswith("gradient_descent.ipynb")


def test_canvas_duplicate_numbers_order_versions_when_attachment_ids_tie():
    from autograder.intake.layouts.platforms import canonical

    assert canonical("gradient_descent-12.py") == ("gradient_descent.py", 12)
    assert canonical("gradient_descent.py") == ("gradient_descent.py", 0)
    assert canonical("hw-final.ipynb") == ("hw-final.ipynb", 0)


def test_canvas_anonymous_grading_keys_by_anon_id_without_names(tmp_path):
    people = [
        pf.Person("k9GgE", "Minjun Kim", [("gradient_descent.py", pf.RIGHT)]),
        pf.Person("Zx12a", "이서연", [("gradient_descent.py", pf.RIGHT)], late=True),
        pf.Person("PqR7s", "Yuna Choi", [], text=True),
    ]
    entries = pf.canvas(people, anonymous=True)
    assert "LATE_anon_Zx12a_5014_gradient_descent.py" in entries
    download = read(pf.write_zip(tmp_path / "anon.zip", entries))
    assert download.layout == "canvas" and download.anonymous
    subs = by_id(download)
    assert list(subs) == ["anon_PqR7s", "anon_Zx12a", "anon_k9GgE"]
    assert [s.identity.name for s in subs.values()] == ["", "", ""]
    assert [s.identity.late for s in subs.values()] == [False, True, False]
    assert subs["anon_PqR7s"].problem.key == "no_code_submitted"


def test_a_canvas_redownload_with_new_attachment_ids_gives_the_same_people(tmp_path):
    first = read(pf.write_zip(tmp_path / "a.zip", pf.canvas(PEOPLE)))
    again = read(pf.write_zip(tmp_path / "b.zip", pf.canvas(PEOPLE, first_attachment=90000)))
    assert [s.student_id for s in first.submissions] == [s.student_id for s in again.submissions]
    for one, two in zip(first.submissions, again.submissions, strict=True):
        assert (one.identity.name, one.identity.late) == (two.identity.name, two.identity.late)
        if one.problem is None:
            assert code_of(one) == code_of(two)


@pytest.mark.parametrize("folders", [True, False], ids=["folders", "flat"])
def test_moodle_keys_by_participant_number(tmp_path, folders):
    entries = pf.moodle(PEOPLE, folders=folders)
    some = "Minjun Kim_104231_assignsubmission_file" + ("/" if folders else "_")
    assert some + "gradient_descent.py" in entries
    path = pf.write_zip(tmp_path / "DL101-Gradient descent 과제-42.zip", entries)
    download = read(path)
    assert (download.layout, download.people) == ("moodle", 6)
    subs = by_id(download)
    assert [s.identity.name for s in subs.values()] == [
        "Minjun Kim", "김 민준", "Minjun Kim", "Yuna Choi", "Han Gil Dong", "이서연",
    ]  # fmt: skip
    assert {s.identity.late for s in subs.values()} == {None}  # the zip does not say
    assert code_of(subs["104231"]) == pf.RIGHT.decode().strip()  # Moodle keeps the last upload
    assert subs["104234"].problem.key == "no_code_submitted"
    assert code_of(subs["104235"]) == pf.MSE_WRONG.decode().strip()
    assert subs["104233"].identity.left_out[-1].why == "not_code"  # the online text


def test_moodle_blind_marking_hides_the_names(tmp_path):
    entries = pf.moodle(PEOPLE[:2], blind=True)
    download = read(pf.write_folder(tmp_path / "blind", entries))
    assert download.anonymous
    assert [(s.student_id, s.identity.name) for s in download.submissions] == [
        ("104231", ""),
        ("104232", ""),
    ]


def test_classroom_keys_by_login_from_the_clone_folders(tmp_path):
    people = [
        pf.Person("Kim-Min99", files=[("gradient_descent.py", pf.RIGHT)]),
        pf.Person("lee", files=[("gradient_descent.ipynb", pf.notebook(pf.MSE_WRONG))]),
    ]
    root = pf.write_folder(tmp_path / "clones", pf.classroom(people))
    for path in (root, root / "gradient-descent-submissions"):
        download = read(path)
        assert download.layout == "classroom"
        subs = by_id(download)
        assert list(subs) == ["Kim-Min99", "lee"]
        assert code_of(subs["Kim-Min99"]) == pf.RIGHT.decode().strip()  # not check_public.py
        assert code_of(subs["lee"]) == pf.MSE_WRONG.decode().strip()
    zipped = read(pf.write_zip(tmp_path / "clones.zip", pf.classroom(people)))
    assert [s.student_id for s in zipped.submissions] == ["Kim-Min99", "lee"]
    assert code_of(by_id(zipped)["lee"]) == pf.MSE_WRONG.decode().strip()


def test_nbgrader_keys_by_student_folder_and_keeps_the_timestamp(tmp_path):
    people = [
        pf.Person("김민준", files=[("gradient_descent.ipynb", pf.notebook(pf.RIGHT))]),
        pf.Person("lee", files=[("gradient_descent.ipynb", pf.notebook(pf.GD_WRONG))]),
    ]
    course = pf.write_folder(tmp_path / "course", pf.nbgrader(people))
    (course / "source").mkdir()
    for path in (course, course / "submitted"):
        subs = by_id(read(path))
        assert list(subs) == ["lee", "김민준"]
        assert subs["김민준"].identity == Identity(
            layout="nbgrader", timestamp="2026-11-20 18:30:00.000000 UTC"
        )
        assert code_of(subs["lee"]) == pf.GD_WRONG.decode().strip()


def test_a_plain_folder_is_read_as_before(make_class):
    folder = make_class({"kim.py": pf.RIGHT, "lee/gradient_descent.py": pf.RIGHT, "x.txt": b"x"})
    download = read(folder)
    assert download.layout == "plain"
    assert [(s.student_id, s.identity, s.problem) for s in download.submissions] == [
        ("kim", Identity(), None),
        ("lee", Identity(), None),
    ]


def test_a_plain_entry_twice_is_one_row_naming_both(make_class):
    folder = make_class({"kim.py": pf.RIGHT, "kim/gradient_descent.py": pf.GD_WRONG})
    (sub,) = read(folder).submissions
    assert sub.problem.key == "duplicate_id"
    assert sub.problem.args()["entries"] == "kim/, kim.py"


def test_an_entry_that_fits_no_rule_is_one_ungradable_row(tmp_path):
    entries = pf.canvas(PEOPLE[:2])
    entries["my notes.py"] = pf.RIGHT
    subs = by_id(read(pf.write_zip(tmp_path / "c.zip", entries)))
    assert subs["my notes.py"].problem.key == "odd_entry"
    assert subs["104231"].problem is None


def test_ids_that_differ_only_by_case_are_named(make_class):
    download = read(make_class({"Kim.py": pf.RIGHT, "kim.py": pf.RIGHT}))
    assert [n.key for n in download.notes] == ["case_clash"]


@pytest.mark.parametrize(
    ("entries", "key"),
    [
        ({}, "class_empty"),
        ({"a/b/c.txt": b"x", "notes.py": b"x"}, "layout_none"),
    ],
)
def test_a_zip_that_is_no_class_is_refused_with_a_reason(tmp_path, entries, key):
    with pytest.raises(LayoutError) as caught:
        read(pf.write_zip(tmp_path / "x.zip", entries))
    assert caught.value.message.key == key


def test_not_a_zip_and_the_wrong_platform_are_refused(tmp_path):
    bad = tmp_path / "grades.zip"
    bad.write_text("not a zip")
    with pytest.raises(LayoutError) as caught:
        read(bad)
    assert caught.value.message.key == "class_bad_zip"
    moodle_zip = pf.write_zip(tmp_path / "m.zip", pf.moodle(PEOPLE))
    with pytest.raises(LayoutError) as caught:
        read(moodle_zip, layout="canvas")
    assert caught.value.message.key == "layout_mismatch_seen"
    assert caught.value.message.args()["seen"] == "moodle"
    assert read(moodle_zip, layout="moodle").layout == "moodle"


def test_the_cache_key_changes_with_who_it_is(tmp_path):
    cache = ResultCache(tmp_path, "fingerprint", Limits())
    source = Source(("x = 1\n",), "a.py", "py")
    plain = cache.key(source)
    assert plain == cache.key(source, Identity())
    assert cache.key(source, Identity(layout="canvas", late=True)) != plain
    left = Identity(left_out=(LeftOut("old.py", "older_version"),))
    assert cache.key(source, left) != plain


def test_nbgrader_grades_one_assignment_and_names_who_lacks_it(tmp_path):
    entries = pf.nbgrader([pf.Person("kim", files=[("gd.ipynb", pf.notebook(pf.RIGHT))])])
    entries |= pf.nbgrader([pf.Person("lee", files=[("x.ipynb", b"{}")])], assignment="ps0")
    entries |= pf.nbgrader([pf.Person("kim", files=[("y.ipynb", b"{}")])], assignment="ps0")
    subs = by_id(read(pf.write_folder(tmp_path / "c", entries)))
    assert code_of(subs["kim"]) == pf.RIGHT.decode().strip()  # gradient_descent/, not ps0/
    assert subs["lee"].problem.key == "no_assignment_folder"  # never ps0's grade
    renamed = pf.nbgrader(
        [pf.Person("park", files=[("a.ipynb", pf.notebook(pf.RIGHT))])], assignment="hw1"
    )
    subs = by_id(read(pf.write_folder(tmp_path / "d", renamed)))
    assert code_of(subs["park"]) == pf.RIGHT.decode().strip()  # the course's own name


@pytest.mark.parametrize("target", ["grade", "nbgrader"])
def test_every_makefile_path_is_one_shell_word(target):
    """Moodle's zip names hold spaces; a course folder may hold Hangul or a quote."""
    import shlex
    import subprocess

    from tests.conftest import ROOT

    odd = 'DL101-Gradient descent 과제 (Kim\'s) "v2" & `x`; *-42.zip'
    values = {"SUBMISSIONS": odd, "OUT": f"out {odd}", "NBGRADER_COURSE": f"c {odd}"}
    proc = subprocess.run(
        ["make", "-n", "--no-print-directory", target, *(f"{k}={v}" for k, v in values.items())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.replace("\\\n", " ").splitlines() if "-m autograder" in ln)
    argv = shlex.split(line)
    if target == "grade":
        assert argv[argv.index("grade") + 1] == odd
        assert argv[argv.index("--out") + 1] == f"out {odd}"
    else:
        assert argv[argv.index("--course") + 1] == f"c {odd}"


def test_a_name_unzipped_decomposed_is_kept_composed(tmp_path):
    import unicodedata

    entries = {unicodedata.normalize("NFD", k): v for k, v in pf.canvas(PEOPLE[5:]).items()}
    (sub,) = read(pf.write_folder(tmp_path / "mac", entries)).submissions
    assert sub.identity.name == "이서연" and sub.student_id == "104236"
    assert unicodedata.is_normalized("NFC", sub.identity.name)


@pytest.mark.parametrize(
    ("entry", "layout", "who"),
    [
        # Canvas: the first _<digits>_ after the name starts the ids; LATE between them
        ("kim2_104231_5007_gd-2.py", "canvas", ("104231", "kim2", True)),
        ("o_brien_LATE_77_text.html", "canvas", ("77", "o_brien", False)),  # a text entry
        ("_104231_5007_gd.py", "canvas", ("104231", "", True)),  # a name of no word letter
        # Moodle: before 4.1 a folder ends in "_"; a fork prefixes the username
        ("Kim Minjun_2281937_assignsubmission_file_/gd.py", "moodle", ("2281937", "Kim Minjun", True)),
        ("jdoe_John Doe_12_assignsubmission_file/sub/gd.py", "moodle", ("12", "jdoe_John Doe", True)),
        ("Sean OBrien_5_assignsubmission_onlinetext/onlinetext.html", "moodle", ("5", "Sean OBrien", False)),
    ],
)  # fmt: skip
def test_each_platforms_names_parse(tmp_path, entry, layout, who):
    download = read(pf.write_zip(tmp_path / "x.zip", {entry: pf.RIGHT}), layout=layout)
    (sub,) = download.submissions
    student_id, name, code = who
    assert (sub.student_id, sub.identity.name) == (student_id, name)
    assert (sub.problem is None) is code


def test_a_folder_holding_only_the_download_zip_is_read_as_that_download(tmp_path):
    people = [pf.Person("104231", "Minjun Kim", [("gradient_descent.py", pf.RIGHT)])]
    people.append(pf.Person("104232", "Yuna Choi", [("gradient_descent.py", pf.RIGHT)]))
    folder = tmp_path / "downloads"
    pf.write_zip(folder / "DL-gd submissions.zip", pf.canvas(people))
    (folder / ".DS_Store").write_bytes(b"\0")
    download = read(folder)
    assert download.layout == "canvas"
    assert sorted(by_id(download)) == ["104231", "104232"]
    # a student's own zip alone in a plain class folder stays that student's
    alone = tmp_path / "class"
    pf.write_zip(alone / "kim.zip", {"kim/gradient_descent.py": pf.RIGHT})
    assert [s.student_id for s in read(alone).submissions] == ["kim"]
    assert read(folder, layout="plain").layout == "plain"  # forced: as it is
