"""What an assignment's worked examples for check_public.py are made of, and where they are
read from: ``autograder/suites/<name>/public_examples.py`` (``EXAMPLES = Examples(...)``),
the assignment's own folder. The kit holds no assignment's examples.

Worked examples are tiny inputs a student can work out by hand (the working is in ``why``),
and the known wrong answers worth a hint. Expected values are NOT written there:
autograder/integrations/release/public_checks.py computes them from the reference at generation time, and adds
the suite's ``@pytest.mark.public`` checks (from the recorded suite) after each function's
examples.

``hints`` name a known wrong value of one check: (part, value, text), part "" for a number
or a pair, else the name of a part of the answer (a name in a returned dict, or a name of
``returns``). ``function_hints`` apply to every check of a function, the suite's included:
(make_wrong, text), where ``make_wrong`` turns the right answer (a number, a pair, or each
returned array) into the wrong one. ``shape_hints`` say what a wrong shape means: by the
part's name, or by the kind of mistake ("transposed": a 2-D shape the wrong way round,
"kept_dims": (1, n) for (n,), "length": another length of a 1-D array).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.checks.recording import load_reference
from autograder.model import ATOL, RTOL

# Kinds of a worked example (runtime.Check): "number", "pair", "arrays" (a dict of arrays),
# "tuple" (parts named by Examples.returns), "gradcheck" (see GradCheck).
KINDS = ("number", "pair", "arrays", "tuple", "gradcheck")


@dataclass(frozen=True)
class GradCheck:
    """A "gradcheck" example: the function's gradients against central finite differences
    of a loss, both computed with the student's own functions. The assignment writes the
    two as Python expressions over the example's arguments and the functions ``uses``."""

    gradient: str  # gives a dict of gradients (or a tuple starting with one)
    loss: str  # gives one number
    wrt: str  # the argument (a dict of arrays) the loss is differentiated by
    uses: tuple[str, ...]  # the student functions the expressions call
    step: float  # the central differences' step h: (L(w + h) − L(w − h)) / 2h
    names: str = "d{}"  # the gradient's name of each entry of ``wrt``

    def as_data(self) -> dict[str, Any]:
        return {
            "gradient": self.gradient,
            "loss": self.loss,
            "wrt": self.wrt,
            "uses": list(self.uses),
            "step": self.step,
            "names": self.names,
        }


@dataclass
class Example:
    func: str
    kind: str  # one of KINDS
    args: dict[str, Any]
    why: str = ""
    title: str = ""  # shown after "func #n" in the label
    keyword_from: int = 99  # args from this position on are passed by keyword
    hints: list[tuple[str, Any, str]] = field(default_factory=list)
    note: str = ""  # added to any failure of this check
    # The comparison's tolerance: the kit's documented one unless the example declares its
    # own (a gradcheck's, say: the suite's finite-difference tolerance).
    rtol: float = RTOL
    atol: float = ATOL
    gradcheck: GradCheck | None = None  # for kind "gradcheck"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.func}: unknown example kind {self.kind!r} (one of {KINDS})")
        if (self.kind == "gradcheck") != (self.gradcheck is not None):
            raise ValueError(f"{self.func}: a gradcheck example, and only one, has a GradCheck")


@dataclass
class Examples:
    intro: str  # the generated file's docstring, before the usage section
    examples: list[Example]
    function_hints: dict[str, list[tuple[Callable[[Any], Any], str]]] = field(default_factory=dict)
    # Arguments a function may update in place (graded the same: only the answer counts).
    may_modify: dict[str, list[str]] = field(default_factory=dict)
    # The names of the parts of a function's tuple answer, e.g. ("output", "cache").
    returns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shape_hints: dict[str, str] = field(default_factory=dict)  # see the module's docstring


# Without a public_examples.py, an assignment's check_public.py holds the suite's public
# checks only, under this introduction.
DEFAULT_INTRO = """{title}: 공개 검사 / public checks.

공개 검사는 채점의 공개 검사(채점과 같은 입력, 같은 허용 오차)를 봅니다. 실제 채점(숨은 검사)은
더 많은 경우를 검사하므로, 여기서 모두 통과해도 만점이 보장되지는 않습니다.
These are the grading's own public checks (the same inputs and tolerance as the grading). The
hidden grading tests more cases, so passing everything here does not guarantee full marks."""
SUITE_FILE = "public_examples.py"


def examples_for(name: str, suite: Path, title: str) -> Examples:
    """The worked examples of assignment ``name``: its suite's public_examples.py, else none
    (the suite's public checks only)."""
    path = suite / SUITE_FILE
    if not path.is_file():
        return Examples(intro=DEFAULT_INTRO.format(title=title), examples=[])
    found = getattr(load_reference(path), "EXAMPLES", None)
    if not isinstance(found, Examples):
        raise ValueError(f"{path} must define EXAMPLES = Examples(...)")
    return found
