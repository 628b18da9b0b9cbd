"""Intake reads files as text; nothing here executes student code."""

import io
import json
import zipfile

import pytest

from autograder.intake.submission import Ungradable, discover, load, notebook_chunks
from autograder.messages import DEFAULT
from autograder.model import Submission
from tests.conftest import ROOT

GOOD = "def mse(y, y_pred):\n    return 0.0\n"


def zip_bytes(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


def notebook(*cells: tuple[str, str]) -> str:
    return json.dumps(
        {
            "cells": [{"cell_type": kind, "metadata": {}, "source": src} for kind, src in cells],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def load_one(folder):
    (sub,) = discover(folder)
    return load(sub, stem="gradient_descent")


def test_discover_finds_every_layout_sorted(make_class):
    folder = make_class(
        {
            "b/gradient_descent.py": GOOD,
            "a.py": GOOD,
            "c.ipynb": notebook(("code", GOOD)),
            "d.zip": zip_bytes({"gradient_descent.py": GOOD}),
            "notes.txt": "x",
            ".hidden.py": GOOD,
        }
    )
    assert [s.student_id for s in discover(folder)] == ["a", "b", "c", "d"]


def test_folder_prefers_the_named_file(make_class):
    folder = make_class({"kim/helper.py": "x = 1\n", "kim/gradient_descent.py": GOOD})
    assert load_one(folder).chunks == (GOOD,)


def test_zip_member_is_read_without_extracting(make_class, tmp_path):
    folder = make_class(
        {
            "lee.zip": zip_bytes(
                {"lee/gradient_descent.py": GOOD, "__MACOSX/lee/._gradient_descent.py": "junk"}
            )
        }
    )
    source = load_one(folder)
    assert source.chunks == (GOOD,) and source.origin == "lee.zip:lee/gradient_descent.py"
    assert not (tmp_path / "lee").exists()


def test_notebook_magics_and_shell_lines_are_not_executed():
    nb = notebook(
        ("markdown", "# 제목"),
        ("code", "%matplotlib inline\n!pip install numpy\nimport numpy as np"),
        ("code", "%%bash\nrm -rf /"),
        ("code", "%%time\nx = 1"),
        ("code", ["def mse(y, p):\n", "    return 0.0\n"]),
    )
    chunks = notebook_chunks(nb.encode(), "n.ipynb")
    assert chunks == ("\n\nimport numpy as np", "", "\nx = 1", "def mse(y, p):\n    return 0.0")


def test_ipython_only_lines_become_python_and_python_continuations_stay():
    """Jupyter runs these cells: a shell or magic assignment, a help line and an indented
    magic must not make the notebook a syntax error; a continuation line that starts with
    % or != is Python; `%time stmt` runs stmt."""
    nb = notebook(
        ("code", "files = !ls\nnp.mean?\nfor i in range(2):\n    %timeit f()\n    print(i)"),
        ("code", 'print("w=%.3f"\n      % w)\nif (a\n        != b):\n    %time c = 1'),
    )
    chunks = notebook_chunks(nb.encode(), "n.ipynb")
    assert chunks == (
        "files = None\n\nfor i in range(2):\n    pass\n    print(i)",
        'print("w=%.3f"\n      % w)\nif (a\n        != b):\n    c = 1',
    )
    for chunk in chunks:
        compile(chunk, "cell", "exec")


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"s.py": ""}, "empty"),
        ({"s.py": "   \n\n"}, "empty"),
        ({"s.py": "def mse(y, p)\n    return 1\n"}, "syntax error in s.py, line 1"),
        ({"s.ipynb": "{not json"}, "not a valid Jupyter notebook"),
        ({"s.ipynb": notebook(("markdown", "only text"))}, "no code cells"),
        ({"s.ipynb": notebook(("code", "def f(:\n  pass"))}, "line 1 of code cell 1"),
        (
            {"s.ipynb": notebook(("code", "%time 1"), ("code", ""), ("code", "def f(:\n  pass"))},
            "line 1 of code cell 3",
        ),
        ({"s.zip": b"PK\x03\x04 broken"}, "not a valid zip"),
        ({"s.zip": zip_bytes({"readme.txt": "hi"})}, "holds no gradient_descent.py"),
        ({"s/a.py": GOOD, "s/b.py": GOOD}, "several .py files"),
        ({"s/notes.txt": "hi"}, "holds no gradient_descent.py"),
        ({"s.py": b"\xff\xfe\x00\x00\xff"}, "not readable text"),
    ],
)
def test_ungradable_submissions_say_why(make_class, files, reason):
    with pytest.raises(Ungradable, match=reason):
        load_one(make_class(files))


def test_korean_windows_encoding_is_accepted(make_class):
    text = "# 경사 하강법\ndef mse(y, p):\n    return 0.0\n"
    source = load_one(make_class({"s.py": text.encode("cp949")}))
    assert "경사 하강법" in source.chunks[0]


def test_nbgrader_test_cells_are_not_run_as_student_code():
    """nbgrader's autograder-test cells (grade, not solution) are the instructor's checks:
    skipped at load. Solution cells, and graded solution cells, are the student's code."""

    def cell(source: str, **nbgrader: object) -> dict:
        meta = {"nbgrader": nbgrader} if nbgrader else {}
        return {"cell_type": "code", "metadata": meta, "source": source, "outputs": []}

    nb = json.dumps(
        {
            "cells": [
                cell("import numpy as np"),
                cell("def mse(y, p):\n    return 0.0", solution=True, grade=False),
                cell("assert mse([1], [1]) == 0", grade=True, solution=False, points=2),
                cell("def f():\n    return 1", grade=True, solution=True, points=1),
                cell("x = 2", grade=False, solution=False),
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )
    chunks = notebook_chunks(nb.encode(), "n.ipynb")
    assert chunks == (
        "import numpy as np",
        "def mse(y, p):\n    return 0.0",
        "",
        "def f():\n    return 1",
        "x = 2",
    )


OLD = "def mse(y, y_pred):\n    return 1.0  # an old draft\n"


@pytest.mark.parametrize(
    "files",
    [
        # a folder lists its files sorted: the old draft came last and won
        {"kim/gradient_descent.py": GOOD, "kim/old/gradient_descent.py": OLD},
        {"kim/final/gradient_descent.py": GOOD, "kim/final/old/gradient_descent.py": OLD},
        {"kim.zip": zip_bytes({"gradient_descent.py": GOOD, "old/gradient_descent.py": OLD})},
        {
            "kim.zip": zip_bytes(
                {"kim/gradient_descent.py": GOOD, "kim/a/b/gradient_descent.py": OLD}
            )
        },
        # the shallowest, even when deeper copies tie with each other
        {
            "kim/final/gradient_descent.py": GOOD,
            "kim/x/y/gradient_descent.py": OLD,
            "kim/z/w/gradient_descent.py": OLD,
        },
        # the named .py still comes before a shallower notebook, and checkpoints are ignored
        {
            "kim/gradient_descent.ipynb": notebook(("code", OLD)),
            "kim/code/gradient_descent.py": GOOD,
        },
        {"kim/.ipynb_checkpoints/gradient_descent.py": OLD, "kim/sub/gradient_descent.py": GOOD},
    ],
)
def test_the_shallowest_of_same_named_files_is_graded(make_class, files):
    assert load_one(make_class(files)).chunks == (GOOD,)


@pytest.mark.parametrize(
    ("files", "where", "names"),
    [
        (
            {
                "kim.zip": zip_bytes(
                    {"final/gradient_descent.py": GOOD, "old/gradient_descent.py": OLD}
                )
            },
            "kim.zip",
            "final/gradient_descent.py, old/gradient_descent.py",
        ),
        (
            {
                "kim/b/gradient_descent.ipynb": notebook(("code", GOOD)),
                "kim/a/gradient_descent.ipynb": notebook(("code", OLD)),
            },
            "kim/",
            "a/gradient_descent.ipynb, b/gradient_descent.ipynb",
        ),
    ],
)
def test_same_named_files_at_the_same_depth_are_ungradable(make_class, files, where, names):
    with pytest.raises(Ungradable) as caught:
        load_one(make_class(files))
    name = names.split(", ")[0].rsplit("/", 1)[-1]
    assert str(caught.value) == (
        f"{where} holds {name} in more than one place ({names}); keep only the one to be graded"
    )
    korean = DEFAULT.render(caught.value.message, "ko")
    assert names in korean and "하나만 남기" in korean


@pytest.mark.parametrize(
    ("files", "english", "korean"),
    [
        (
            {"s.py": "x = 1\r\ny = 2\rz = 3\n\nw = 4\x00\nv = 5\x00\n"},
            "s.py holds a null character (NUL) on line 5",
            "s.py 의 5번째 줄에 널 문자(NUL)가 있습니다",
        ),
        (
            {"s.py": "\x00def mse(y, y_pred):\n    return 0.0\n"},
            "s.py holds a null character (NUL) on line 1",
            "s.py 의 1번째 줄에 널 문자(NUL)가 있습니다",
        ),
        (
            {"s.ipynb": notebook(("code", GOOD), ("code", "%matplotlib inline\na = 1\x00"))},
            "line 2 of code cell 2 in s.ipynb holds a null character (NUL)",
            "s.ipynb 의 2번째 코드 셀 2번째 줄에 널 문자(NUL)가 있습니다",
        ),
    ],
)
def test_a_null_byte_is_reported_at_its_line(make_class, files, english, korean):
    """Python's own error for a NUL has no line number ("line None")."""
    with pytest.raises(Ungradable) as caught:
        load_one(make_class(files))
    assert str(caught.value).startswith(english + ", which Python source cannot contain")
    assert "None" not in str(caught.value)
    assert DEFAULT.render(caught.value.message, "ko").startswith(korean)


STUB = (ROOT / "assignments" / "gradient_descent" / "gradient_descent.py").read_text(
    encoding="utf-8"
)
WORK = notebook(("markdown", "# 제 풀이"), ("code", GOOD))


@pytest.mark.parametrize(
    ("files", "graded"),
    [
        # the whole released folder handed in: the untouched stub gives way to the notebook
        (
            {
                "kim.zip": zip_bytes(
                    {"hw/gradient_descent.py": STUB, "hw/gradient_descent.ipynb": WORK}
                )
            },
            "kim.zip:hw/gradient_descent.ipynb",
        ),
        # the same in a folder, the stub saved again with Windows line ends and blank lines
        (
            {
                "kim/gradient_descent.py": ("\n\n" + STUB).replace("\n", "\r\n"),
                "kim/gradient_descent.ipynb": WORK,
                "kim/check_public.py": GOOD,
            },
            "kim/gradient_descent.ipynb",
        ),
        # a notebook under another name next to the stub
        ({"kim/gradient_descent.py": STUB, "kim/my_work.ipynb": WORK}, "kim/my_work.ipynb"),
    ],
)
def test_an_untouched_stub_gives_way_to_the_notebook_beside_it(make_class, files, graded):
    source = load_one(make_class(files))
    assert source.origin == graded and source.kind == "ipynb"
    assert GOOD.strip() in source.chunks


def test_a_stub_with_any_change_is_still_the_file_graded(make_class):
    edited = STUB.replace("raise NotImplementedError", "return 0.0", 1)
    assert edited != STUB
    files = {"kim/gradient_descent.py": edited, "kim/gradient_descent.ipynb": WORK}
    source = load_one(make_class(files))
    assert (source.origin, source.kind) == ("kim/gradient_descent.py", "py")
    # and the released stub alone is graded as it is (it scores 0 with its own messages)
    lee = make_class({"lee/gradient_descent.py": STUB}) / "lee"
    assert load(Submission("lee", str(lee)), stem="gradient_descent").kind == "py"
