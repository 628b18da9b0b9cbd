"""Hostile and malformed notebooks at intake (issue 12, items 7 and 8).

Every submission ends graded or ungradable with a message: a notebook that is not what
Jupyter writes (too deeply nested JSON, a cell whose source is ``[1]``, cells that are not
a list, nbformat 3, a BOM, invalid UTF-8, the same inside a zip) never stops the class,
and turning a notebook's cells into Python is linear in their size (it re-tokenized every
earlier line for each IPython line: ~14 s for 36 KB of magics, hours for 2 MB).

tests/corpus/hostile_intake/ holds the small hostile notebooks; the huge ones are made here.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import random
import shutil
import subprocess
import sys
import tokenize
import zipfile
from pathlib import Path

import pytest

from autograder.intake import submission as intake
from autograder.intake.submission import (
    MAX_CODE_CELLS,
    MAX_CODE_LINES,
    MAX_SOURCE_BYTES,
    Ungradable,
    ipython_to_python,
    load,
    notebook_chunks,
)
from autograder.messages import DEFAULT
from autograder.model import Submission
from autograder.public import student_file
from autograder.writers.files import safe_dirname
from tests.conftest import REFERENCE, ROOT, suite_total

HOSTILE = ROOT / "tests" / "corpus" / "hostile_intake"
STEM = "gradient_descent"

# file -> (message key, the cell it names or None)
EXPECTED = {
    "deep_nesting.ipynb": ("notebook_too_deep", None),
    "source_int_list.ipynb": ("notebook_bad_source", 2),
    "source_none.ipynb": ("notebook_bad_source", 1),
    "source_dict.ipynb": ("notebook_bad_source", 1),
    "source_huge_int.ipynb": ("notebook_bad_source", 1),
    "source_nan.ipynb": ("notebook_bad_source", 1),
    "markdown_source_number.ipynb": ("notebook_bad_source", 1),
    "nbformat3_bad_input.ipynb": ("notebook_bad_source", 1),
    "number_too_long.ipynb": ("bad_notebook", None),  # an int over 4,300 digits
    "top_level_list.ipynb": ("bad_notebook", None),
    "top_level_null.ipynb": ("bad_notebook", None),
    "no_cells.ipynb": ("bad_notebook", None),
    "cells_not_list.ipynb": ("notebook_bad_cells", None),
    "nbformat3_bad_worksheet.ipynb": ("notebook_bad_cells", None),
    "cell_not_object.ipynb": ("notebook_bad_cell", 1),
    "cell_type_not_string.ipynb": ("notebook_bad_cell_type", 1),
    "cell_type_missing.ipynb": ("notebook_bad_cell_type", 1),
    "only_markdown_and_weird.ipynb": ("no_code_cells", None),
    "invalid_utf8.ipynb": ("not_text", None),
    "lone_surrogate.ipynb": ("unparsable", None),  # "\ud800" in the code: no Python text
}
# What grades.csv (English) says for each key.
KEY_TEXT = {
    "notebook_too_deep": "nested too deeply",
    "notebook_bad_source": "is not a string or a list of strings",
    "bad_notebook": "is not a valid Jupyter notebook",
    "notebook_bad_cells": '"cells" is not a list of cells',
    "notebook_bad_cell": "is not a cell (a JSON object)",
    "notebook_bad_cell_type": '"cell_type" of cell',
    "no_code_cells": "has no code cells",
    "not_text": "not readable text",
    "unparsable": "cannot be parsed",
    "notebook_too_much_code": "too much code",
    "notebook_too_many_cells": "too many code cells",
}


def notebook(*sources: object, **cell_extra: object) -> bytes:
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": s, **cell_extra}
        for s in sources
    ]
    doc = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(doc).encode()


def zipped(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return buf.getvalue()


def load_path(path: Path):
    return load(Submission(path.stem, str(path)), stem=STEM)


def refused(path: Path) -> Ungradable:
    with pytest.raises(Ungradable) as caught:
        load_path(path)
    return caught.value


# ---------------------------------------------------------------- malformed notebooks


def test_the_corpus_is_exactly_what_the_test_lists():
    assert {p.name for p in HOSTILE.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_malformed_notebook_is_ungradable_with_a_message_in_both_languages(name):
    key, cell = EXPECTED[name]
    message = refused(HOSTILE / name).message
    assert message.key == key
    if cell is not None:
        assert message.args()["cell"] == str(cell)
    for lang in ("ko", "en"):
        text = DEFAULT.render(message, lang)
        assert name in text and "{" not in text and text != key
    assert KEY_TEXT[key] in DEFAULT.render(message, "en")


@pytest.mark.parametrize("name", ["source_int_list.ipynb", "deep_nesting.ipynb"])
def test_the_same_notebook_inside_a_zip_is_refused_alike(tmp_path, name):
    path = tmp_path / "kim.zip"
    path.write_bytes(zipped(f"hw/{STEM}.ipynb", (HOSTILE / name).read_bytes()))
    assert refused(path).message.key == EXPECTED[name][0]


def test_a_notebook_nested_a_million_deep_is_refused(tmp_path):
    path = tmp_path / "deep.ipynb"
    path.write_text('{"cells": [' + "[" * 10**6 + "]" * 10**6 + "]}", encoding="utf-8")
    assert refused(path).message.key == "notebook_too_deep"


GOOD = "def mse(y, y_pred):\n    return 0.0\n"


def test_a_bom_nbformat_3_and_odd_metadata_are_still_graded():
    # a UTF-8 byte order mark
    assert notebook_chunks(codecs.BOM_UTF8 + notebook(GOOD), "n.ipynb") == (GOOD.strip(),)
    # nbformat 3: cells in worksheets, a code cell's source in "input"
    v3 = {
        "nbformat": 3,
        "worksheets": [
            {"cells": [{"cell_type": "heading", "source": "T", "level": 1}]},
            {"cells": [{"cell_type": "code", "input": ["%matplotlib inline\n", GOOD]}]},
        ],
    }
    assert notebook_chunks(json.dumps(v3).encode(), "n.ipynb") == ("\n" + GOOD.strip(),)
    # metadata, outputs and counts of any shape are not read
    odd = json.loads(notebook(GOOD))
    odd["metadata"] = ["kernelspec", 5]
    odd["cells"][0].update(metadata="x", outputs=7, execution_count="one")
    odd["cells"].append({"cell_type": "code", "metadata": {"nbgrader": [1]}, "source": "y = 1"})
    odd["cells"].append({"cell_type": "code", "metadata": {"nbgrader": {"grade": "yes"}}})
    assert notebook_chunks(json.dumps(odd).encode(), "n.ipynb") == (GOOD.strip(), "y = 1", "")


def test_an_honest_notebook_with_large_outputs_is_graded(tmp_path):
    """Outputs (plots) are not code: the notebook file may be larger than a .py."""
    plot = {"output_type": "display_data", "data": {"image/png": "iVBOR" * 200_000}}
    data = notebook("%matplotlib inline\nimport numpy as np", GOOD, outputs=[plot] * 3)
    assert len(data) > 2 * MAX_SOURCE_BYTES
    path = tmp_path / "big.ipynb"
    path.write_bytes(data)
    assert load_path(path).chunks == ("\nimport numpy as np", GOOD.strip())


@pytest.mark.parametrize(
    ("sources", "key"),
    [
        (["x = 1\n" * (MAX_SOURCE_BYTES // 6 + 1)], "notebook_too_much_code"),
        (["\n" * MAX_CODE_LINES, "x = 1\n"], "notebook_too_much_code"),
        (["x = 1"] * (MAX_CODE_CELLS + 1), "notebook_too_many_cells"),
    ],
)
def test_more_code_than_a_submission_can_hold_is_refused(sources, key):
    with pytest.raises(Ungradable) as caught:
        notebook_chunks(notebook(*sources), "n.ipynb")
    assert caught.value.message.key == key
    for lang in ("ko", "en"):
        assert "{" not in DEFAULT.render(caught.value.message, lang)


# ---------------------------------------------------------------- the last-resort guard


def test_a_bug_in_intake_makes_one_submission_ungradable_and_is_logged(
    tmp_path, monkeypatch, caplog
):
    def broken(data: bytes, name: str) -> tuple[str, ...]:
        raise IndexError("a bug in intake")

    monkeypatch.setattr(intake, "notebook_chunks", broken)
    path = tmp_path / "kim.ipynb"
    path.write_bytes(notebook(GOOD))
    with caplog.at_level(logging.ERROR, logger="autograder.intake.submission"):
        message = refused(path).message
    assert message.key == "intake_failed"
    for lang in ("ko", "en"):
        text = DEFAULT.render(message, lang)
        assert "kim.ipynb" in text and str(tmp_path) not in text and "IndexError" not in text
    (record,) = caplog.records
    assert "kim.ipynb" in record.getMessage() and record.exc_info[0] is IndexError


def test_a_bug_in_the_syntax_check_is_caught_too(monkeypatch):
    def broken(*args: object) -> None:
        raise KeyError("bug")

    monkeypatch.setattr(intake, "_check_syntax", broken)
    source = intake.Source(chunks=(GOOD,), origin="kim.zip:hw/gradient_descent.py", kind="py")
    with pytest.raises(Ungradable) as caught:
        intake.check_syntax(source)
    assert caught.value.message.args() == {"name": "gradient_descent.py"}


def test_a_class_goes_on_when_intake_fails_for_one_student(tmp_path, monkeypatch):
    from autograder.model import Status
    from autograder.orchestration.engine import grade_class
    from autograder.scoring.points import total

    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copyfile(REFERENCE, folder / "good.py")
    shutil.copyfile(REFERENCE, folder / "unlucky.py")
    real = intake._read

    def read(submission, *, stem):
        if submission.student_id == "unlucky":
            raise RuntimeError("a future bug")
        return real(submission, stem=stem)

    monkeypatch.setattr(intake, "_read", read)
    good, unlucky = grade_class(folder, tmp_path / "out", workers=1)
    assert (good.status, total(good)) == (Status.GRADED, suite_total("gradient_descent"))
    # the kit's own bug, not an ungradable file: a grader error (the run still goes on)
    assert unlucky.status is Status.GRADER_ERROR and unlucky.message.key == "intake_failed"
    assert (tmp_path / "out" / safe_dirname("unlucky") / "feedback.html").is_file()


# ---------------------------------------------------------------- linear conversion


def _old_continues(previous: list[str]) -> bool:
    """The conversion before issue 12, kept as the oracle: tokenize every line above."""
    if not previous:
        return False
    try:
        for _ in tokenize.generate_tokens(io.StringIO("\n".join(previous) + "\n").readline):
            pass
    except tokenize.TokenError:
        return True
    except SyntaxError:
        return False
    return False


def old_ipython_to_python(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        assign = student_file.MAGIC_ASSIGN.match(line)
        found = assign or student_file.MAGIC_LINE.match(line) or student_file.HELP_LINE.match(line)
        if found and not _old_continues(out):
            indent = found.group(1)
            timed = student_file.TIME_LINE.match(line)
            if timed:
                line = indent + timed.group(2)
            elif assign:
                line = f"{indent}{assign.group(2)} = None"
            else:
                line = f"{indent}pass" if indent else ""
        out.append(line)
    return "\n".join(out)


FRAGMENTS = [
    "%matplotlib inline",
    "!pip install numpy",
    "files = !ls",
    "a, b = %who_ls",
    "np.mean?",
    "??np.mean",
    "%time x = 1",
    "%time",
    "    %timeit f()",
    "\t!ls",
    "  %ls",
    "x = (",
    ")",
    "y = [1,",
    "     2]",
    "z = {",
    "}",
    "x = )",
    "s = '''",
    "'''",
    's = """abc',
    '"""',
    "t = 'abc \\",
    "u = 1 + \\",
    "\\",
    "    % w)",
    "!= b",
    "% (a, b)",
    "print('%d'",
    "      % 3)",
    "if x:",
    "    pass",
    "  y = 2",
    "def f():",
    "    return 1",
    "else:",
    "# comment (",
    "x = 1  # )",
    "f'{x}'",
    "f'''{x",
    "}'''",
    'r"\\"',
    "rb'\\''",
    "'abc",
    '"it\'s"',
    "!echo 'it's",
    "",
    "   ",
    "class A:",
    "x = 1; %ls",
    "[i for i in (",
    "    range(3))]",
    "@dec",
    "async def g():",
    "    await h()",
]


def cells_to_compare() -> list[list[str]]:
    cells = []
    honest = [p for p in (ROOT / "tests" / "corpus").glob("*/*.ipynb") if p.parent != HOSTILE]
    for path in sorted(honest) + sorted((ROOT / "assignments").glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                src = cell["source"]
                cells.append(("".join(src) if isinstance(src, list) else src).splitlines())
    rng = random.Random(12)
    cells += [rng.choices(FRAGMENTS, k=rng.randint(1, 10)) for _ in range(3000)]
    return cells


def compiles(text: str) -> bool:
    try:
        compile(text, "cell", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def test_the_linear_conversion_gives_what_the_quadratic_one_gave():
    """The same text for corpus notebooks and 3,000 random cells of IPython lines,
    brackets, strings and backslashes. Python 3.12+ tokenizes differently after an error
    (TokenError mid-way), so there only valid cells must agree exactly."""
    for lines in cells_to_compare():
        old, new = old_ipython_to_python(lines), ipython_to_python(lines)
        if sys.version_info < (3, 12) or compiles(old):
            assert new == old, lines
        else:
            assert not compiles(new), lines


UNIT = [
    "%matplotlib inline",
    "x = (1,",
    "     % 2)",
    "!pip install numpy",
    "files = !ls",
    "np.mean?",
    "%time y = 2",
    "s = '''",
    "%not a magic in a string",
    "'''",
]


def test_the_conversion_tokenizes_each_cell_once(monkeypatch):
    """Linear by construction: one tokenizer pass per cell, so 10x the lines is ~10x the
    tokens (re-tokenizing the lines above each IPython line was ~100x)."""
    real = tokenize.generate_tokens
    passes: list[int] = []

    def counting(readline):
        passes.append(0)
        for token in real(readline):
            passes[-1] += 1
            yield token

    monkeypatch.setattr(tokenize, "generate_tokens", counting)

    def cost(repeat: int) -> tuple[int, int]:
        passes.clear()
        ipython_to_python(UNIT * repeat)
        return len(passes), sum(passes)

    (passes_1x, tokens_1x), (passes_10x, tokens_10x) = cost(30), cost(300)
    assert passes_1x == passes_10x == 1
    assert tokens_10x <= 11 * tokens_1x
    assert ipython_to_python(UNIT) == (
        "\nx = (1,\n     % 2)\n\nfiles = None\n\ny = 2\ns = '''\n%not a magic in a string\n'''"
    )


# ---------------------------------------------------------------- one class run


def reference_notebook(*extra_cells: str) -> dict:
    code = REFERENCE.read_text(encoding="utf-8")
    return json.loads(notebook(*extra_cells, code))


def generated() -> dict[str, tuple[bytes, str | None]]:
    """Submissions made here (too big to commit): name -> (bytes, message key or None for
    graded with full marks)."""
    magics = "%matplotlib inline\nx = 1\n!pip install numpy\nfiles = !ls\nnp.mean?\n%time y = 2\n"
    magic_cell = magics * (360_000 // len(magics))
    v3_cells = [{"cell_type": "code", "input": REFERENCE.read_text(encoding="utf-8")}]
    odd = reference_notebook("%matplotlib inline")
    odd["metadata"] = "odd"
    odd["cells"][0].update(metadata=[1], outputs={"x": 1}, execution_count=-1)
    plot = {"output_type": "display_data", "data": {"image/png": "iVBOR" * 200_000}}
    big = reference_notebook("%matplotlib inline")
    big["cells"][0]["outputs"] = [plot] * 4
    return {
        "bom.ipynb": (codecs.BOM_UTF8 + json.dumps(reference_notebook()).encode(), None),
        "nbformat3.ipynb": (
            json.dumps({"nbformat": 3, "worksheets": [{"cells": v3_cells}]}).encode(),
            None,
        ),
        "odd_metadata.ipynb": (json.dumps(odd).encode(), None),
        "big_outputs.ipynb": (json.dumps(big).encode(), None),
        "magics_360k.ipynb": (json.dumps(reference_notebook(magic_cell)).encode(), None),
        "deep_million.ipynb": (
            b'{"cells": ' + b"[" * 10**6 + b"]" * 10**6 + b"}",
            "notebook_too_deep",
        ),
        "too_much_code.ipynb": (notebook("x = 1\n" * 400_000), "notebook_too_much_code"),
        "too_many_cells.ipynb": (notebook(*["x = 1"] * 6000), "notebook_too_many_cells"),
        "zip_source_int_list.zip": (
            zipped(f"{STEM}.ipynb", (HOSTILE / "source_int_list.ipynb").read_bytes()),
            "notebook_bad_source",
        ),
        "zip_deep_nesting.zip": (
            zipped(f"hw/{STEM}.ipynb", (HOSTILE / "deep_nesting.ipynb").read_bytes()),
            "notebook_too_deep",
        ),
    }


@pytest.fixture(scope="module")
def class_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile_intake")
    folder, out = base / "class", base / "out"
    folder.mkdir()
    for path in HOSTILE.iterdir():
        shutil.copyfile(path, folder / path.name)
    made = generated()
    for name, (data, _) in made.items():
        (folder / name).write_bytes(data)
    shutil.copyfile(REFERENCE, folder / "control.py")
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(folder), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    rows = {}
    if (out / "grades.csv").is_file():
        with (out / "grades.csv").open(encoding="utf-8") as fh:
            rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    expected = {Path(n).stem: k for n, (k, _) in EXPECTED.items()}
    expected.update({Path(n).stem: key for n, (_, key) in made.items()})
    expected["control"] = None
    return {"proc": proc, "out": out, "rows": rows, "expected": expected}


@pytest.mark.slow
def test_the_class_run_finishes_with_exit_code_zero(class_run):
    assert class_run["proc"].returncode == 0, class_run["proc"].stderr[-3000:]


@pytest.mark.slow
def test_every_student_has_a_report(class_run):
    assert set(class_run["rows"]) == set(class_run["expected"])
    for student_id in class_run["expected"]:
        folder = class_run["out"] / safe_dirname(student_id)
        assert sorted(p.name for p in folder.iterdir()) == [
            "detail.json",
            "feedback.html",
            "feedback.md",
            "results.json",
        ]


@pytest.mark.slow
def test_each_hostile_notebook_is_ungradable_with_its_message(class_run):
    for student_id, key in class_run["expected"].items():
        row = class_run["rows"][student_id]
        if key is None:
            continue
        assert row["status"] == "ungradable", row
        assert KEY_TEXT[key] in row["message"], row
        assert float(row["total"]) == 0


@pytest.mark.slow
def test_the_control_and_the_odd_but_honest_notebooks_score_full_marks(class_run):
    graded = [k for k, key in class_run["expected"].items() if key is None]
    assert {"control", "bom", "nbformat3", "odd_metadata", "big_outputs", "magics_360k"} == set(
        graded
    )
    for student_id in graded:
        row = class_run["rows"][student_id]
        assert (row["status"], float(row["total"])) == (
            "graded",
            suite_total("gradient_descent"),
        ), row
