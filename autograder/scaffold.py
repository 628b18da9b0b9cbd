"""``python -m autograder new NAME``: the skeleton of a new assignment, complete and working.

It writes, for one small example function (``mean_absolute_error``) that the instructor then
replaces with their own exercise:

* ``solutions/NAME.py`` (the reference, with ``### BEGIN/END SOLUTION``) and
  ``solutions/NAME_notebook.py`` (the notebook's text);
* ``autograder/suites/NAME/``: assignment.toml, messages.toml, cases.py (comparisons through
  autograder.expect), misconceptions.py, probes.py, public_examples.py and one test file with
  a public and two hidden checks;
* ``data/NAME.csv``, a sample class in ``submissions/NAME/`` and a corpus with expected.json
  in ``tests/corpus/NAME/``;
* ``assignments/NAME/``: README.md, the GitHub Classroom workflow, and the stub, notebook and
  check_public.py made by the same generators as ``make generate``.

Everything is built in a temporary folder inside the kit (the generated files from the
staged suite), and only then moved into place: a refused or failed ``new`` writes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import keyword
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import tomllib

from autograder import classroom
from autograder.assignment import KIT_ROOT, Assignment, load_assignment
from autograder.stubgen import strip_solutions

NAME_RULE = re.compile(r"[a-z][a-z0-9_]*\Z")
# Names a student's NAME.py must not take: it would shadow what check_public.py, the
# notebook or the grader import, or clash with a file of the released folder.
RESERVED = {"autograder", "check_public", "matplotlib", "numpy", "pytest", "tests", "data"}
FUNCTION = "mean_absolute_error"


class Refused(Exception):
    """``new`` must not run; the message says why."""


def targets(name: str) -> list[str]:
    """What ``new NAME`` creates, relative to the kit: each a fresh file or folder."""
    return [
        f"solutions/{name}.py",
        f"solutions/{name}_notebook.py",
        f"autograder/suites/{name}",
        f"data/{name}.csv",
        f"assignments/{name}",
        f"submissions/{name}",
        f"tests/corpus/{name}",
    ]


def check_name(name: str, root: Path = KIT_ROOT) -> None:
    """Raise Refused unless ``name`` is a usable, new assignment name."""
    if not NAME_RULE.match(name) or len(name) > 64:
        raise Refused(
            f"{name!r} is not a valid assignment name: use 1-64 lowercase ASCII letters, "
            "digits and _, starting with a letter (it becomes a Python module name, "
            "the file students submit)"
        )
    if keyword.iskeyword(name) or name in RESERVED or name in sys.stdlib_module_names:
        raise Refused(
            f"{name!r} cannot be an assignment name: a student's {name}.py would shadow "
            "a module of that name"
        )
    existing = [t for t in targets(name) if (root / t).exists() or (root / t).is_symlink()]
    if existing:
        raise Refused(
            f"assignment {name!r} already exists ({', '.join(existing)}); "
            "choose another name or remove those first"
        )


def files_for(name: str) -> dict[str, str]:
    """Relative path -> text of every hand-written file of the skeleton."""
    return {
        path.replace("@NAME@", name): text.replace("@NAME@", name) for path, text in FILES.items()
    }


def generate(spec: Assignment, stage: Path) -> dict[str, str]:
    """The generated files of ``assignments/NAME/`` from the staged solution and suite. The
    staged suite is importable as ``autograder.suites.NAME`` meanwhile (its test files
    import their cases module by that name), and forgotten afterwards."""
    import autograder.suites as suites
    from autograder.release import generated_files

    package = f"autograder.suites.{spec.name}"
    staged = str(stage / "autograder" / "suites")
    suites.__path__.append(staged)
    importlib.invalidate_caches()
    try:
        return generated_files(spec)
    finally:
        suites.__path__.remove(staged)
        for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[module]
        importlib.invalidate_caches()


def build(name: str, stage: Path) -> None:
    """Write the whole skeleton under ``stage`` (a mirror of the kit's layout)."""
    texts = files_for(name)
    reference = texts[f"solutions/{name}.py"]
    stub = strip_solutions(reference)
    texts[f"submissions/{name}/lim_jaewon.py"] = stub  # the untouched released stub
    texts[f"tests/corpus/{name}/stub_not_implemented.py"] = stub
    for rel, text in texts.items():
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_text(text, encoding="utf-8")
    suite = stage / "autograder" / "suites" / name
    toml = tomllib.loads((suite / "assignment.toml").read_text(encoding="utf-8"))
    spec = Assignment(
        name=name,
        title=toml["title"],
        stem=toml["stem"],
        functions=tuple(toml["functions"]),
        reference=stage / toml["reference"],
        suite=suite,
        substitute={},
    )
    for file_name, text in generate(spec, stage).items():
        (stage / "assignments" / name / file_name).write_text(text, encoding="utf-8")


def create(name: str, root: Path = KIT_ROOT) -> list[str]:
    """Build the skeleton of assignment ``name`` in a temporary folder inside ``root``, then
    move each new file or folder into place; returns them. Refused (Refused) or failed,
    nothing is left behind."""
    check_name(name, root)
    stage = Path(tempfile.mkdtemp(prefix=f".new-{name}.", suffix=".partial", dir=root))
    moved: list[str] = []
    try:
        build(name, stage)
        check_name(name, root)  # nobody made one meanwhile
        for rel in targets(name):
            os.rename(stage / rel, root / rel)
            moved.append(rel)
    except BaseException:
        for rel in reversed(moved):  # put back what was moved, so nothing is half-way
            os.rename(root / rel, stage / rel)
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return moved


def add_new_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="write the skeleton of a new assignment (solution, suite, data, sample class, "
        "corpus, student folder)",
        description="Write a complete, working skeleton for assignment NAME, with one small "
        f"example function ({FUNCTION}) to replace with your own: solutions/NAME.py and "
        "solutions/NAME_notebook.py; autograder/suites/NAME/ (assignment.toml, messages.toml, "
        "cases.py, misconceptions.py, probes.py, public_examples.py, a test file with a public "
        "and two hidden checks); data/NAME.csv; a sample class in submissions/NAME/; a corpus "
        "with expected.json in tests/corpus/NAME/; and assignments/NAME/ (README.md, the "
        "GitHub Classroom workflow, and the generated stub, notebook and check_public.py). "
        "Refused when NAME exists or is not a lowercase Python identifier; then nothing is "
        "written. Afterwards edit only those files, and run `make generate ASSIGNMENT=NAME` "
        "after changing the solution, the notebook text or a public check.",
    )
    parser.add_argument("name", metavar="NAME", help="the assignment's name (e.g. softmax)")


def cmd_new(name: str) -> int:
    try:
        created = create(name)
    except Refused as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        return 2
    for rel in created:
        print(f"wrote {rel}{'/' if (KIT_ROOT / rel).is_dir() else ''}")
    spec = load_assignment(name)
    print(
        f"\nNext: replace {FUNCTION} with your exercise in solutions/{name}.py and "
        f"{os.path.relpath(spec.suite, KIT_ROOT)}/, then\n"
        f"  make generate ASSIGNMENT={name}\n"
        f"  make grade ASSIGNMENT={name}\n"
        "(README.md, 'Adding an assignment', has the checklist.)"
    )
    return 0


# ---------------------------------------------------------------------------------------------
# The skeleton's files. @NAME@ is replaced by the assignment's name.
# ---------------------------------------------------------------------------------------------
FILES: dict[str, str] = {}

FILES["solutions/@NAME@.py"] = '''"""@NAME@: 평균 절대 오차(MAE)를 계산합니다.
@NAME@: compute the mean absolute error (MAE).

(이 파일은 `python -m autograder new @NAME@` 이 만든 예시입니다: 여러분의 과제로 바꾸세요.
This file is the example written by `python -m autograder new @NAME@`: replace it with yours.)

평균 절대 오차는 예측이 정답에서 평균적으로 얼마나 벗어나는지를 숫자 하나로 나타냅니다.
The mean absolute error says in one number how far the predictions are from the targets on
average.

규칙 / Rules
- ``y`` 와 ``y_pred`` 는 길이가 같은(N ≥ 1) 1차원 float 배열입니다.
  ``y`` and ``y_pred`` are 1-D float arrays of the same length N ≥ 1.
- 인자로 받은 배열만 사용하세요. 전역 데이터를 읽거나 인자를 수정하지 마세요.
  Use only the arrays you are given; do not read global data or modify the arguments.
"""

import numpy as np


def errors(y, y_pred):
    """오차 y_i − ŷ_i 를 배열로 돌려줍니다. (채점하지 않는 제공 함수)
    Return the errors y_i − ŷ_i as an array. (Given to you; not graded.)
    """
    return np.asarray(y, dtype=float) - np.asarray(y_pred, dtype=float)


def mean_absolute_error(y, y_pred):
    """평균 절대 오차 MAE = (1/N) Σ |y_i − ŷ_i| 를 숫자 하나로 돌려줍니다.
    Return the mean absolute error (1/N) Σ |y_i − ŷ_i| as one number.

    예 / Example: mean_absolute_error([1, 2], [1, 4]) == 1.0
    """
    ### BEGIN SOLUTION
    return float(np.mean(np.abs(errors(y, y_pred))))
    ### END SOLUTION
'''

FILES["solutions/@NAME@_notebook.py"] = """# %% [markdown]
# # @NAME@: 평균 절대 오차
#
# 모델의 예측이 얼마나 좋은지 재려면 예측과 정답의 차이를 숫자 하나로 나타내야 합니다.
# 이 노트북에서는 그런 숫자 가운데 하나인 **평균 절대 오차(MAE)** 를 직접 구현합니다.
#
# **할 일**: `mean_absolute_error` 함수를 완성합니다. `raise NotImplementedError` 줄을
# 지우고 코드를 쓰세요. 위에서부터 차례로 셀을 실행하세요.
#
# **English**
#
# To say how good a model's predictions are, we need one number for how far they are from the
# targets. In this notebook you implement one such number, the **mean absolute error (MAE)**.
#
# Your task: complete `mean_absolute_error`. Delete the `raise NotImplementedError` line and
# write your code. Run the cells from top to bottom.
#
# <!--
# ruff: noqa: F821
# For the linter only: the notebook generator fills in the [function] cells, so their names
# look undefined in this source file. In the notebook this is an invisible HTML comment.
# -->

# %%
# 준비: 라이브러리와 데이터 불러오기 / Setup: libraries and data
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

# 저장소 안(assignments/@NAME@/)과 배포본(노트북 옆 data/) 모두에서 찾습니다.
# Look for the data both in the repository and next to the notebook in the student release.
DATA_CANDIDATES = [Path("data/@NAME@.csv"), Path("../../data/@NAME@.csv")]
data_path = next((p for p in DATA_CANDIDATES if p.exists()), None)
if data_path is None:
    inputs = targets = None
    print("data/@NAME@.csv 를 찾지 못했습니다. 노트북 옆의 data/ 폴더에 두세요.")
    print("data/@NAME@.csv not found; put it in a data/ folder next to this notebook.")
else:
    data = np.loadtxt(data_path, delimiter=",", skiprows=1)
    inputs, targets = data[:, 0], data[:, 1]
    print(f"{data_path}: 점 {len(inputs)}개 / {len(inputs)} points")

# %% [markdown]
# ## 1. 평균 절대 오차
#
# 정답 $y_i$ 와 예측 $\\hat y_i$ 의 차이(오차)의 절댓값을 평균한 값입니다.
#
# $$\\mathrm{MAE} = \\frac{1}{N} \\sum_{i=1}^{N} |y_i - \\hat y_i|$$
#
# 예: $y = [1, 2, 3]$, $\\hat y = [1, 2, 5]$ 이면 오차의 절댓값은 $[0, 0, 2]$, 평균은
# $2/3 \\approx 0.667$ 입니다.
#
# **English**
#
# The mean of the absolute differences (errors) between the targets $y_i$ and the
# predictions $\\hat y_i$. For $y = [1, 2, 3]$ and $\\hat y = [1, 2, 5]$ the absolute errors
# are $[0, 0, 2]$ and their mean is $2/3 \\approx 0.667$.

# %% [markdown]
# 오차를 구하는 `errors` 는 주어져 있습니다 (채점하지 않음). 써도 되고 쓰지 않아도 됩니다.
# `errors`, which computes the errors, is given (not graded); use it or not, as you like.

# %% [function] errors

# %% [function] mean_absolute_error

# %%
# 손으로 계산한 값과 비교해 보세요 / Compare with the value computed by hand: 2/3 ≈ 0.667
try:
    value = mean_absolute_error(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
    print("mean_absolute_error =", value, "(기대 / expected 0.667)")
except NotImplementedError:
    print("mean_absolute_error: 아직 구현하지 않았습니다 / not implemented yet")

# %%
# 공개 검사 (check_public.py 가 이 노트북과 같은 폴더에 있어야 합니다)
# Public checks (check_public.py must be in the same folder as this notebook)
try:
    import check_public

    check_public.run_all(globals())
except Exception as exc:
    print(f"공개 검사를 실행하지 못했습니다 / could not run the public checks: {exc!r}")

# %%
# 데이터와 직선 y = 1 + 2x, 그리고 그 직선의 MAE
# The data, the line y = 1 + 2x and that line's MAE
# (그래프 글자는 한글 글꼴이 없어도 보이도록 영어로 씁니다 / plot labels are in English so
#  they render without a Korean font)
# 데이터는 늘 그리고, 직선의 MAE 는 mean_absolute_error 가 되면 덧붙입니다
# The data are always drawn; the line's MAE is added once mean_absolute_error works
if inputs is None:
    print("데이터 파일이 없어 그래프를 그리지 않습니다 / no data file: no plot")
else:
    line = 1.0 + 2.0 * inputs
    label = "y = 1 + 2x"
    try:
        error = mean_absolute_error(targets, line)
        print(f"MAE = {error:.4g}")
        label += f" (MAE = {error:.3g})"
    except NotImplementedError:
        print("mean_absolute_error: 아직 구현하지 않았습니다 / not implemented yet")
    except Exception as exc:
        print(f"mean_absolute_error 오류 / error: {exc!r}")
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(inputs, targets, label="data")
    ax.plot(inputs, line, color="red", label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    fig.tight_layout()
    plt.show()
"""

FILES["data/@NAME@.csv"] = """x,y
0.0,1.2
0.5,1.9
1.0,3.3
1.5,3.8
2.0,5.4
2.5,5.7
3.0,7.3
3.5,7.6
4.0,9.4
4.5,9.8
5.0,11.5
5.5,11.7
"""

FILES["autograder/suites/@NAME@/__init__.py"] = '''"""Hidden suite of the @NAME@ exercise."""
'''

FILES[
    "autograder/suites/@NAME@/assignment.toml"
] = """# The @NAME@ exercise (written by `python -m autograder new @NAME@`): what students submit
# and what is graded.
title = "새 과제 @NAME@ / New assignment @NAME@"
# Students submit @NAME@.py or @NAME@.ipynb.
stem = "@NAME@"
# The graded functions, in report order; each needs a test file with pytest.mark.target.
functions = ["mean_absolute_error"]
reference = "solutions/@NAME@.py"
# Public datasets: copied into each sandbox's data/ folder and into the student release.
data = ["data/@NAME@.csv"]
# More files from data/ for the student release only: the kit's README of its datasets,
# shared by every assignment (describe data/@NAME@.csv there).
release_data = ["data/README.md"]

# No double penalty: a function that calls other graded functions can be run with the
# reference's in their place, e.g.
# [substitute]
# train = ["loss", "gradient"]
"""

FILES[
    "autograder/suites/@NAME@/messages.toml"
] = """# The @NAME@ exercise's own sentences: they override the generic ones of
# autograder/messages.py (Catalogue.for_suite). Every entry needs ko and en with the same
# {fields}; diagnoses (diag_*) have none.

# Plot labels of the feedback page (probes.py draws the data and one line).
[fit_plot]
ko = "데이터와 직선 y = 1 + 2x"
en = "The data and the line y = 1 + 2x"

[your_line]
ko = "내 mean_absolute_error 로 잰 직선"
en = "the line, measured by your mean_absolute_error"

# Misconception diagnoses (keys of misconceptions.VARIANTS).
[diag_mae_sum]
ko = "평균 대신 합을 구했습니다. MAE = (1/N) Σ |y_i − ŷ_i| 처럼 N 으로 나누세요."
en = "You summed instead of averaging. MAE = (1/N) Σ |y_i − ŷ_i|: divide by N."

[diag_mae_no_abs]
ko = "절댓값을 씌우지 않았습니다. 양과 음의 오차가 서로 지워집니다: (1/N) Σ |y_i − ŷ_i|."
en = "You did not take absolute values, so positive and negative errors cancel: (1/N) Σ |y_i − ŷ_i|."

[diag_mae_squared]
ko = "오차를 제곱했습니다(MSE). MAE 는 제곱 대신 절댓값을 씁니다: (1/N) Σ |y_i − ŷ_i|."
en = "You squared the errors (that is the MSE). MAE takes absolute values: (1/N) Σ |y_i − ŷ_i|."
"""

FILES[
    "autograder/suites/@NAME@/cases.py"
] = '''"""Seeded inputs and the comparison of the hidden checks (through autograder.expect).

``default_rng`` (PCG64) gives the same numbers on every machine and numpy version, so a
submission always meets the same inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograder import expect
from autograder.model import Shown
from autograder.suites.@NAME@.misconceptions import diagnose


def pair_data(seed: int, n: int, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Two unrelated arrays (targets and predictions)."""
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, scale, n), rng.normal(0.0, scale, n)


def describe(args: Sequence[object], kwargs: dict[str, object]) -> str:
    """The inputs in words, for a public check (a hidden check never shows them)."""

    def one(value: object) -> str:
        if isinstance(value, np.ndarray):
            items = ", ".join(f"{v:.6g}" for v in value.ravel()[:6])
            return f"[{items}{', …' if value.size > 6 else ''}] (N={value.size})"
        return f"{value:g}" if isinstance(value, float) else str(value)

    return ", ".join([*(one(a) for a in args), *(f"{k}={one(v)}" for k, v in kwargs.items())])


def check_call(student, ref, fn: str, *args: object, **kwargs: object) -> None:
    """Call ``fn`` in the sandbox and in the reference with the same inputs and compare
    the one number each returns. A public check shows inputs, answer, expected value and
    tolerance (``student.show``); a wrong answer that matches a known mistake is named."""
    expected = float(getattr(ref, fn)(*args, **kwargs))
    expectation = expect.scalar()  # the kit's RTOL/ATOL; pass rtol=, atol= to change them
    inputs = describe(args, kwargs)
    student.show(Shown(inputs, (), (expected,), expectation.rtol, expectation.atol))
    returned = getattr(student, fn)(*args, **kwargs)
    got = returned.scalar()
    student.show(Shown(inputs, (got,), (expected,), expectation.rtol, expectation.atol))

    def named() -> str:
        return diagnose(ref, fn, [got], args, kwargs)

    expect.compare(expectation, fn, returned, expected, diagnose=named)
'''

FILES[
    "autograder/suites/@NAME@/misconceptions.py"
] = '''"""Known wrong answers, computed on the same inputs as a check.

A wrong value that matches one of these (within the checks' tolerance) is named in the
feedback by its key, a sentence of messages.toml. Detection compares outputs only; the
student's source is never read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from autograder.checks import check_close


def _errors(y, y_pred) -> np.ndarray:
    return np.asarray(y, dtype=float) - np.asarray(y_pred, dtype=float)


# function -> {catalogue key: the wrong function, with the same arguments}
VARIANTS: dict[str, dict[str, Callable[..., float]]] = {
    "mean_absolute_error": {
        "diag_mae_sum": lambda y, y_pred: float(np.sum(np.abs(_errors(y, y_pred)))),
        "diag_mae_no_abs": lambda y, y_pred: float(np.mean(_errors(y, y_pred))),
        "diag_mae_squared": lambda y, y_pred: float(np.mean(_errors(y, y_pred) ** 2)),
    },
}


def diagnose(
    ref, fn: str, got: Sequence[float], args: Sequence[object], kwargs: dict[str, object]
) -> str:
    """The first known mistake whose answer matches ``got`` and differs from the right
    answer, or "" when none does."""
    right = [float(v) for v in np.ravel(getattr(ref, fn)(*args, **kwargs))]
    for key, variant in VARIANTS.get(fn, {}).items():
        try:
            with np.errstate(all="ignore"):
                value = [float(v) for v in np.ravel(variant(*args, **kwargs))]
        except Exception:  # a variant that does not apply to these inputs
            continue
        if len(value) != len(got) or check_close(fn, right, value).ok:
            continue
        if check_close(fn, value, list(got)).ok:
            return key
    return ""
'''

FILES[
    "autograder/suites/@NAME@/probes.py"
] = '''"""Numbers for the feedback pictures (not graded): the public dataset and the line
y = 1 + 2x, with its MAE as the student's function and the reference measure it. The
format is the generic one of autograder/writers/plots.py (data, fit, loss); a suite without
probes.py gets no pictures.
"""

from __future__ import annotations

import numpy as np

from autograder.assignment import KIT_ROOT
from autograder.errors import StudentError

DATASET = KIT_ROOT / "data" / "@NAME@.csv"
W0, W1 = 1.0, 2.0


def collect(student, ref) -> dict:
    data = np.loadtxt(DATASET, delimiter=",", skiprows=1)
    x, y = data[:, 0], data[:, 1]
    y_line = W0 + W1 * x
    try:
        mine: float | None = student.mean_absolute_error(y, y_line).scalar()
    except StudentError:
        mine = None
    right = float(ref.mean_absolute_error(y, y_line))
    grid = [float(x.min()), float(x.max())]
    line = [W0 + W1 * g for g in grid]
    return {
        "data": {"x": x.tolist(), "y": y.tolist()},
        "fit": {
            "x": grid,
            "reference": line,
            "student": line if mine is not None else None,
            "reference_note": f"MAE={right:.4g}",
            "student_note": None if mine is None else f"MAE={mine:.4g}",
        },
    }
'''

FILES[
    "autograder/suites/@NAME@/public_examples.py"
] = '''"""The worked examples of check_public.py: tiny inputs a student can work out by hand, before
the suite's own @pytest.mark.public checks. Expected values are computed from the
reference by `make generate`; ``hints`` name a known wrong value: (part, value, text).
"""

from __future__ import annotations

import numpy as np

from autograder.public.examples import Example, Examples

EXAMPLES = Examples(
    intro="""@NAME@ 과제의 공개 검사 / Public checks for the @NAME@ assignment.

손으로 계산할 수 있는 작은 예 하나와 채점의 공개 검사(채점과 같은 입력, 같은 허용 오차)를
봅니다. 실제 채점(숨은 검사)은 더 많은 경우를 검사하므로, 여기서 모두 통과해도 만점이
보장되지는 않습니다.
One tiny example you can work out by hand, plus the grading's own public check (the same
inputs and tolerance as the grading). The hidden grading tests more cases, so passing
everything here does not guarantee full marks.""",
    examples=[
        Example(
            "mean_absolute_error",
            "number",
            {"y": np.array([1.0, 2.0, 3.0]), "y_pred": np.array([1.0, 2.0, 5.0])},
            "2/3 = (|0| + |0| + |−2|)/3",
            hints=[
                ("", 2.0, "합이 아니라 평균입니다 (N 으로 나누기) / mean, not sum (divide by N)"),
                ("", 4.0 / 3.0, "제곱이 아니라 절댓값입니다 / absolute values, not squares"),
            ],
        ),
    ],
)
'''

FILES[
    "autograder/suites/@NAME@/test_mean_absolute_error.py"
] = '''"""Checks of mean_absolute_error(y, y_pred) = (1/N) Σ |y_i − ŷ_i|. 100 points.

Each check is all-or-nothing; a function's points are the sum of its passed checks. The
docstring is what the student reads as what was checked. @pytest.mark.public checks show
their inputs and values (and become check_public.py); the others are hidden.
"""

import numpy as np
import pytest

from autograder.suites.@NAME@.cases import check_call, pair_data

pytestmark = pytest.mark.target("mean_absolute_error")


@pytest.mark.points(30)
@pytest.mark.public
def test_mae_mixed_signs(student, ref):
    """양과 음의 오차가 섞였을 때 / errors of both signs"""
    y = np.array([2.0, -1.0, 4.0, 0.5])
    y_pred = np.array([2.5, -1.0, 1.0, 4.5])
    check_call(student, ref, "mean_absolute_error", y, y_pred)


@pytest.mark.points(40)
def test_mae_random(student, ref):
    """무작위 데이터 20개 / 20 random points"""
    y, y_pred = pair_data(201, 20)
    check_call(student, ref, "mean_absolute_error", y, y_pred)


@pytest.mark.points(30)
def test_mae_single_point(student, ref):
    """데이터가 하나뿐일 때 (N = 1) / a single point (N = 1)"""
    check_call(student, ref, "mean_absolute_error", np.array([3.5]), np.array([-1.25]))
'''

CORRECT_LOOP = '''"""A correct @NAME@ with a plain loop."""


def mean_absolute_error(y, y_pred):
    total = 0.0
    for target, guess in zip(y, y_pred):
        total += abs(target - guess)
    return total / len(y)
'''

MISTAKE_SUM = '''"""@NAME@ with a mistake: the sum of the absolute errors, not their mean."""

import numpy as np


def mean_absolute_error(y, y_pred):
    return float(np.sum(np.abs(np.asarray(y) - np.asarray(y_pred))))
'''

MISTAKE_NO_ABS = '''"""@NAME@ with a mistake: no absolute value, so errors of both signs cancel."""

import numpy as np


def mean_absolute_error(y, y_pred):
    return float(np.mean(np.asarray(y, dtype=float) - np.asarray(y_pred, dtype=float)))
'''

FILES["tests/corpus/@NAME@/correct_loop.py"] = CORRECT_LOOP
FILES["tests/corpus/@NAME@/mistake_mae_sum.py"] = MISTAKE_SUM
FILES["tests/corpus/@NAME@/expected.json"] = """{
  "correct_loop.py": {
    "full": [
      "mean_absolute_error"
    ],
    "loses": [],
    "note": "correct: a plain loop over the pairs"
  },
  "mistake_mae_sum.py": {
    "full": [],
    "loses": [
      "mean_absolute_error"
    ],
    "note": "the sum of the absolute errors instead of their mean",
    "diagnosis": {
      "mean_absolute_error": "diag_mae_sum"
    }
  },
  "stub_not_implemented.py": {
    "full": [],
    "loses": [
      "mean_absolute_error"
    ],
    "note": "the released stub (byte for byte): every graded function raises NotImplementedError"
  }
}
"""

FILES["submissions/@NAME@/kim_minjun.py"] = CORRECT_LOOP
FILES["submissions/@NAME@/lee_seoyeon.py"] = MISTAKE_NO_ABS
FILES["submissions/@NAME@/README.md"] = """# 예시 반 / Sample class — `@NAME@`

`make grade ASSIGNMENT=@NAME@` 을 보여 주기 위한 가상의 학생 3명의 제출물입니다.
Made-up submissions of 3 fictional students, for demonstrating `make grade ASSIGNMENT=@NAME@`.

| 학생 / student | mean_absolute_error | 설명 / what is going on |
|---|:-:|---|
| `kim_minjun` | ✔ | 정답, for 반복문 / correct, a plain loop |
| `lee_seoyeon` | ✘ | 절댓값 없음: 양과 음의 오차가 지워짐 / no absolute value: errors of both signs cancel |
| `lim_jaewon` | ✘ | 배포된 빈 템플릿 그대로 / the untouched released stub |
"""

FILES["assignments/@NAME@/README.md"] = """# 새 과제 @NAME@ / New assignment @NAME@

*English version below.*

## 한국어

### 무엇을 하나요?

예측과 정답의 차이를 재는 **평균 절대 오차(MAE)** 를 구현합니다.

| 파일 | 내용 |
|---|---|
| `@NAME@.ipynb` | 설명, 연습 셀, 그래프가 있는 노트북 (여기서 풀어도 됩니다) |
| `@NAME@.py` | 같은 함수의 `.py` 템플릿 (여기서 풀어도 됩니다) |
| `check_public.py` | 스스로 돌려 보는 공개 검사 |
| `data/@NAME@.csv` | 데이터 (열: `x`, `y`) |

노트북과 `.py` 중 **하나만** 골라 풀면 됩니다. 함수의 `raise NotImplementedError` 줄을 지우고
코드를 작성하세요. 함수 이름과 인자는 바꾸지 마세요.

| 함수 | 돌려줄 값 | 식 |
|---|---|---|
| `errors(y, y_pred)` | (주어짐, 채점 안 함) | y_i − ŷ_i |
| `mean_absolute_error(y, y_pred)` | 숫자 하나 | (1/N) Σ \\|y_i − ŷ_i\\| |

### 공개 검사 실행

```bash
python check_public.py                      # 같은 폴더의 @NAME@.py 검사
python check_public.py 다른/경로/내파일.py    # 다른 .py 또는 .ipynb 파일 검사
```

공개 검사는 숨겨진 채점보다 약합니다. 모두 통과해도 만점이 보장되지는 않습니다.

### 제출

`@NAME@.py` 또는 `@NAME@.ipynb` (또는 둘 중 하나를 담은 `.zip`) 를 제출하세요.

## English

### What is it?

You implement the **mean absolute error (MAE)**, which measures how far predictions are
from the targets.

| file | what it is |
|---|---|
| `@NAME@.ipynb` | the lesson, an exercise cell and a plot (you may work here) |
| `@NAME@.py` | the same function as a `.py` stub (or here) |
| `check_public.py` | public checks you run yourself |
| `data/@NAME@.csv` | the data (columns `x`, `y`) |

Work in **one** of the notebook and the `.py`. Delete the function's
`raise NotImplementedError` line and write your code; keep its name and arguments.

| function | returns | formula |
|---|---|---|
| `errors(y, y_pred)` | (given, not graded) | y_i − ŷ_i |
| `mean_absolute_error(y, y_pred)` | one number | (1/N) Σ \\|y_i − ŷ_i\\| |

### Run the public checks

```bash
python check_public.py                 # checks @NAME@.py in this folder
python check_public.py path/to/file    # checks another .py or .ipynb
```

The public checks are weaker than the hidden grading: passing them all does not guarantee
full marks.

### Submit

Submit `@NAME@.py` or `@NAME@.ipynb` (or a `.zip` holding one of them).
"""

FILES["assignments/@NAME@/github-classroom.yml"] = classroom.workflow("@NAME@")
