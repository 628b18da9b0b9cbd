"""Hand-built reports shared by the HTML and browser tests (no grading involved)."""

from __future__ import annotations

import math

from autograder.messages import Catalogue
from autograder.model import Check, CheckResult, Message, Outcome, Shown, Status, SubmissionReport
from autograder.scoring.points import max_points

FUNCS = ("mse", "partial_w0", "partial_w1", "gradient_descent")
MSE_RANDOM = Check("test_mse_random", "mse", 5, description="무작위 데이터 / random data")
MSE_LARGE = Check("test_mse_large", "mse", 5, description="큰 값 / large values")
MSE_PUBLIC = Check(
    "test_mse_public", "mse", 10, hidden=False, description="공개 예제 / public example"
)
W0_RANDOM = Check("test_w0_random", "partial_w0", 20, description="무작위 데이터 / random data")
W1_RANDOM = Check("test_w1_random", "partial_w1", 20, description="무작위 데이터 / random data")
GD_STEP = Check("test_gd_one_step", "gradient_descent", 20, description="한 번 갱신 / one update")
GD_MANY = Check("test_gd_converges", "gradient_descent", 20, description="수렴 / converges")
CHECKS = (MSE_RANDOM, MSE_LARGE, MSE_PUBLIC, W0_RANDOM, W1_RANDOM, GD_STEP, GD_MANY)
MAX = max_points(CHECKS, FUNCS)

DIAG_KO = "평균 대신 합을 구했습니다: N 으로 나누세요 (시험용 진단)."
DIAG_EN = "You summed instead of averaging: divide by N (test diagnosis)."
CATALOGUE = Catalogue({"diag_mse_sum": {"ko": DIAG_KO, "en": DIAG_EN}})

HIDDEN_DETAIL = "mse: got 1.23 / expected 2.718281828 (rtol=1e-06, atol=1e-09)"
HIDDEN_EXPECTED = "2.718281828"
PUBLIC_EXPECTED = 4.4444
XSS_ID = "<script>alert(1)</script>"
FORMULA_ID = "=cmd|x"

TRACE = (
    "Traceback (most recent call last):\n"
    '  File "gradient_descent.py", line 14, in gradient_descent\n'
    "    while w0 != target:\n"
    "KeyboardInterrupt"
)


def passed(check: Check, **extra: object) -> CheckResult:
    return CheckResult(check, Outcome.PASSED, check.points, **extra)  # type: ignore[arg-type]


def failed(check: Check, outcome: Outcome, **extra: object) -> CheckResult:
    return CheckResult(check, outcome, 0.0, **extra)  # type: ignore[arg-type]


def public_shown(got: float) -> Shown:
    return Shown("x=[1, 2, 3], y=[2, 4, 6], w0=0, w1=1", (got,), (PUBLIC_EXPECTED,), 1e-6, 1e-9)


GRID = [-0.5, 10.5]  # the data's x range widened by 5%, as the gradient-descent probes do
REFERENCE = (1.1, 2.0)


def line(pair: tuple[float, float]) -> list[float]:
    return [pair[0] + pair[1] * x for x in GRID]


def curves(
    student_fit: list[float] | None, student_loss: list[float | None], note: str | None = None
) -> dict[str, object]:
    """Pictures' numbers in the generic format: the student's y values on GRID, or None."""
    xs = [0.5 * i for i in range(21)]
    ys = [
        1.0 + 2.0 * x + (0.8 if i % 3 == 0 else -0.5 if i % 3 == 1 else 0.1)
        for i, x in enumerate(xs)
    ]
    iters = list(range(len(student_loss)))
    reference = [40.0 * 0.6**i + 0.3 for i in iters]
    return {
        "data": {"x": xs, "y": ys},
        "fit": {
            "x": GRID,
            "reference": line(REFERENCE),
            "student": student_fit,
            "reference_note": "w0=1.1, w1=2",
            "student_note": note,
        },
        "loss": {"iters": iters, "student": student_loss, "reference": reference, "ylabel": "MSE"},
    }


def diverging_loss(n: int = 15) -> list[float | None]:
    return [40.0 * 2.5**i for i in range(n - 1)] + [math.inf]


def sample_reports() -> list[SubmissionReport]:
    good_loss: list[float | None] = [40.0 * 0.62**i + 0.3 for i in range(15)]
    return [
        SubmissionReport(
            "kim",
            Status.GRADED,
            FUNCS,
            tuple(
                passed(c, shown=public_shown(PUBLIC_EXPECTED) if not c.hidden else None)
                for c in CHECKS
            ),
            MAX,
            origin="kim/gradient_descent.py",
            curves=curves(line((1.12, 1.99)), good_loss, "w0=1.12, w1=1.99"),
        ),
        SubmissionReport(
            "lee",
            Status.GRADED,
            FUNCS,
            (
                failed(MSE_RANDOM, Outcome.WRONG, detail=HIDDEN_DETAIL, diagnosis="diag_mse_sum"),
                failed(MSE_LARGE, Outcome.WRONG, detail=HIDDEN_DETAIL, diagnosis="diag_mse_sum"),
                failed(
                    MSE_PUBLIC,
                    Outcome.WRONG,
                    message=Message.of("public_wrong"),
                    shown=public_shown(13.3332),
                    diagnosis="diag_mse_sum",
                ),
                passed(W0_RANDOM),
                passed(W1_RANDOM),
                passed(GD_STEP),
                passed(GD_MANY),
            ),
            MAX,
            origin="lee/gradient_descent.ipynb",
            curves=curves(line((1.0, 2.1)), good_loss, "w0=1, w1=2.1"),
        ),
        SubmissionReport(
            "park",
            Status.GRADED,
            FUNCS,
            (
                passed(MSE_RANDOM),
                passed(MSE_LARGE),
                passed(MSE_PUBLIC, shown=public_shown(PUBLIC_EXPECTED)),
                passed(W0_RANDOM),
                failed(
                    W1_RANDOM,
                    Outcome.RAISED,
                    message=Message.of("raised_error", fn="partial_w1", error="ZeroDivisionError"),
                    trace='  File "gradient_descent.py", line 9, in partial_w1\n'
                    "    return s / 0\nZeroDivisionError: division by zero",
                    output="debug: s = 12.5\n" * 3,
                ),
                failed(
                    GD_STEP,
                    Outcome.TIMEOUT,
                    message=Message.of("call_timeout", fn="gradient_descent", seconds=5),
                    trace=TRACE,
                ),
                failed(
                    GD_MANY,
                    Outcome.SKIPPED,
                    message=Message.of("timed_out_before", fn="gradient_descent", count=1),
                ),
            ),
            MAX,
            origin="park.py",
            curves=curves([math.nan, math.inf], diverging_loss(), "w0=nan, w1=inf"),
        ),
        SubmissionReport(
            "choi",
            Status.UNGRADABLE,
            FUNCS,
            tuple(failed(c, Outcome.SKIPPED) for c in CHECKS),
            MAX,
            # where and line: both forms of the catalogue entry render (extra fields are unused)
            message=Message.of(
                "syntax_error", name="choi.py", where="line 3", line=3, error="expected ':'"
            ),
            origin="choi.py",
        ),
        SubmissionReport(
            XSS_ID,
            Status.GRADED,
            FUNCS,
            (
                failed(
                    MSE_RANDOM,
                    Outcome.RAISED,
                    message=Message.of(
                        "raised_error", fn="mse", error="<img src=x onerror=alert(2)>"
                    ),
                    output="<b>printed</b> & more",
                ),
                *(
                    failed(c, Outcome.MISSING, message=Message.of("fn_missing", fn=c.function))
                    for c in CHECKS[1:]
                ),
            ),
            MAX,
            origin="<script>alert(3)</script>.py",
            load_errors=("NameError: name '<x>' is not defined",),
        ),
        SubmissionReport(
            FORMULA_ID,
            Status.GRADER_ERROR,
            FUNCS,
            tuple(failed(c, Outcome.GRADER_ERROR) for c in CHECKS),
            MAX,
            message=Message.of("grader_stopped", code=3),
        ),
    ]


def by_id(student_id: str) -> SubmissionReport:
    return next(r for r in sample_reports() if r.student_id == student_id)


def href(student_id: str) -> str:
    from autograder.writers.files import safe_dirname

    return f"{safe_dirname(student_id)}/feedback.html"
