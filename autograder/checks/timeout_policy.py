"""A grading policy: once a function's graded calls timed out ``max_timeouts_per_function``
times (two by default) for a submission, that function's remaining checks are skipped
(``timed_out_before``) instead of each waiting out the call limit again. A hanging loop
costs the grader two call limits per function, not one per check, and every other
function is still graded.

The sandbox only reports that a call timed out (``StudentSession(policy=...)`` calls
:meth:`SkipAfterTimeouts.timed_out`) and asks before each graded call whether it may run
(:meth:`SkipAfterTimeouts.refusal`); the decision is made here, from counts alone. The
plugin gives each student's session a fresh one."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.model import Message


@dataclass
class SkipAfterTimeouts:
    """One submission's timed-out calls per function, and the rule that reads them."""

    limit: int  # Limits.max_timeouts_per_function
    counts: dict[str, int] = field(default_factory=dict)

    def refusal(self, fn: str) -> Message | None:
        """Why a graded call of ``fn`` is not run, or None if it may run."""
        count = self.counts.get(fn, 0)
        if count >= self.limit:
            return Message.of("timed_out_before", fn=fn, count=count)
        return None

    def timed_out(self, fn: str) -> None:
        """A graded call of ``fn`` reached the call limit (not the submission's budget)."""
        self.counts[fn] = self.counts.get(fn, 0) + 1
