"""Every sentence a student or instructor reads, in Korean and English, in one place.

Generic sentences live in ``autograder/messages.toml`` (loaded into CATALOGUE below); an
assignment adds its own (misconception diagnoses) in ``autograder/suites/<name>/messages.toml``. Code never formats a sentence
itself: it builds a ``Message(key, fields)`` and a writer renders it with a Catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import tomllib

from autograder.model import Message
from autograder.relations import messages as relation_messages

LANGS = ("ko", "en")

# The generic sentences (autograder/messages.toml), then the relation diagnoses every
# assignment shares (autograder/relations.py).
CATALOGUE: dict[str, dict[str, str]] = tomllib.loads(
    (Path(__file__).with_name("messages.toml")).read_text(encoding="utf-8")
)
CATALOGUE.update(relation_messages())


class Catalogue:
    """The generic sentences plus one assignment's own (``messages.toml``)."""

    def __init__(self, extra: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.entries: dict[str, Mapping[str, str]] = {**CATALOGUE, **(extra or {})}

    @classmethod
    def for_suite(cls, suite: Path) -> Catalogue:
        path = suite / "messages.toml"
        if not path.is_file():
            return cls()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls({key: value for key, value in data.items() if isinstance(value, dict)})

    def t(self, key: str, lang: str = "ko", **fields: object) -> str:
        entry = self.entries.get(key)
        if entry is None:
            return key
        template = entry.get(lang, entry.get("en", key))
        try:
            return template.format(**fields)
        except (KeyError, IndexError, ValueError):  # a sentence must never stop a report
            return template

    def render(self, message: Message | None, lang: str = "ko") -> str:
        if message is None:
            return ""
        return self.t(message.key, lang, **message.args())


DEFAULT = Catalogue()

# What a hidden check may tell a student about an error, by message key: the new key and the
# fields kept. Only fields the grader chose survive (the function's name, the expected entry
# or shape); error text, type names, returned keys, shapes, counts and exit codes are the
# student's code's choice and could carry a hidden input or a reference value out.
HIDDEN_FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "raised_error": ("hidden_raised", ("fn",)),
    "call_crashed": ("hidden_crashed", ("fn",)),
    "load_crashed": ("hidden_load_ended", ()),
    "timed_out_before": ("timed_out_before", ("fn", "count")),  # count: the grader's, at most 2
    "bad_return": ("hidden_bad_return", ("fn",)),
    "want_scalar": ("hidden_bad_return", ("fn",)),
    "want_pair": ("hidden_bad_return", ("fn",)),
    "want_array": ("hidden_bad_return", ("fn",)),
    "want_dict": ("hidden_bad_return", ("fn",)),
    "want_sequence": ("hidden_bad_return", ("fn",)),
    "bp_missing_key": ("hidden_missing_key", ("fn", "name")),
    "bp_shape": ("hidden_shape", ("fn", "name", "expected")),
}
# Fields the grader alone chooses; a message of another key keeps only these.
GRADER_FIELDS = ("fn", "seconds", "name", "expected", "rtol", "atol")


def hidden_view(message: Message | None) -> Message | None:
    """``message`` as a hidden check may show it (see HIDDEN_FORMS)."""
    if message is None:
        return None
    key, kept = HIDDEN_FORMS.get(message.key, (message.key, GRADER_FIELDS))
    fields = dict(message.fields)
    if key == message.key and set(fields) - set(kept):
        key, kept = "hidden_bad_return", ("fn",)  # a suite's own complaint about a value
    return Message(key, tuple((k, v) for k, v in message.fields if k in kept))


def t(key: str, lang: str = "ko", **fields: object) -> str:
    return DEFAULT.t(key, lang, **fields)


def pick_language(text: str, lang: str) -> str:
    """Descriptions are written "한국어 / English": keep the part for ``lang``."""
    if " / " not in text:
        return text
    korean, english = text.split(" / ", 1)
    return korean.strip() if lang == "ko" else english.strip()
