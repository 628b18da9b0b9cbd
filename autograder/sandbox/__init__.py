"""Run untrusted student code in another process; only plain numbers come back."""

from autograder.config import Limits
from autograder.sandbox.process import Zygote, Zygotes
from autograder.sandbox.session import Returned, StudentSession

__all__ = ["Limits", "Returned", "StudentSession", "Zygote", "Zygotes"]
