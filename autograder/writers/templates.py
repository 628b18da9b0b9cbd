"""The Jinja2 templates the HTML reports are rendered from, and where they are looked up.

The kit's own templates ship inside the package (``autograder/templates/html/``) and are
loaded with a package loader, so they are found wherever the package is imported from
(a checkout, the Gradescope bundle, which copies all of ``autograder/``). An instructor may
name a folder of their own (``--templates DIR``, ``GradeConfig.templates``): a template
found there wins, any other comes from the kit, so copying and editing one file is enough.

Safety is the environment's, not each template's: autoescape is on for every template, and
every ``{{ value }}`` goes through :func:`finalize` (control characters made harmless, then
HTML-escaped, quotes included), so a student's name, printed output or file name can never
become markup, whoever wrote the template. Only values the kit marks safe (its own inline
SVG pictures, whose texts are escaped where they are drawn, the style sheet and the script)
pass through unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.ext
import jinja2.lexer
from markupsafe import Markup

SHIPPED_PACKAGE = "autograder"
SHIPPED_FOLDER = "templates/html"
FEEDBACK = "feedback.html.j2"
CLASS_REPORT = "class_report.html.j2"
STYLE = "style.css.j2"
SORT_SCRIPT = "sort.js.j2"
# What a page template is (see JoinLines); the style sheet and the script are kept as written.
MARKUP_SUFFIX = ".html.j2"
_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")


class TemplateProblem(Exception):
    """A report template that cannot be loaded or rendered; the message says which file,
    which line and why, in English, for the instructor."""


class JoinLines(jinja2.ext.Extension):
    """In a page template (``*.html.j2``) a line break and the spaces around it are dropped
    from the template's text, so the markup can be laid out and indented freely without a
    single space reaching the page; a line break the page should have is written
    ``{{ "\\n" }}``. Only the template's own text changes: a value printed into it keeps
    every line break, and an error still names the template's true line."""

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> Iterator[jinja2.lexer.Token]:
        joined = (stream.name or "").endswith(MARKUP_SUFFIX)
        for token in stream:
            if joined and token.type == "data":
                token = jinja2.lexer.Token(token.lineno, "data", _BREAK.sub("", token.value))
            yield token


def clean(text: object) -> str:
    """Text safe to put in a UTF-8 page: no lone surrogates, no control characters."""
    raw = str(text).replace("\r\n", "\n").encode("utf-8", "replace").decode("utf-8")
    return "".join(
        c if c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160) else "\ufffd" for c in raw
    )


def escape(text: object) -> str:
    """Anything as HTML text or a quoted attribute value."""
    return html.escape(clean(text), quote=True)


def finalize(value: object) -> object:
    """What every ``{{ value }}`` prints: the kit's safe markup as it is, anything else
    cleaned and escaped here (the environment's autoescape then leaves it alone)."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(value))


def points(value: float) -> str:
    """A score as the reports show it: two decimals at most, no trailing zeros."""
    return f"{round(value, 2):g}"


def column(label: str, numeric: bool = False) -> dict[str, object]:
    """One column heading of macros.html.j2's table."""
    return {"label": label, "numeric": numeric}


@dataclass(frozen=True)
class Templates:
    """The report templates: the instructor's ``folder`` first (None: the kit's only)."""

    folder: Path | None
    env: jinja2.Environment

    def render(self, name: str, **context: object) -> str:
        return self.env.get_template(name).render(**context)

    @functools.cached_property
    def fingerprint(self) -> str:
        """A hash of every template as it will be used (the instructor's where they have
        one), telling whether pages written earlier still look as these would write them."""
        digest = hashlib.sha256()
        for name in sorted(self.env.list_templates()):
            source, _, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            digest.update(name.encode() + b"\0" + source.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()

    @functools.cached_property
    def style(self) -> Markup:
        """The inline style sheet (style.css.j2, rendered with no variables)."""
        return Markup(self.render(STYLE).strip())

    @functools.cached_property
    def script(self) -> Markup:
        """The class page's sorting script (sort.js.j2); its hash goes into the page's
        Content-Security-Policy, so it must be these exact characters."""
        return Markup(self.render(SORT_SCRIPT).strip())


def _environment(folder: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader(SHIPPED_PACKAGE, SHIPPED_FOLDER)]
    if folder is not None:
        loaders.insert(0, jinja2.FileSystemLoader(folder))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template is HTML (the CSS and script have no variables)
        finalize=finalize,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails the check, not a page
        extensions=[JoinLines],
        keep_trailing_newline=True,
    )
    env.filters["points"] = points
    env.filters["sortkey"] = repr  # a number's exact value, for a table column to sort by
    env.filters["column"] = column
    return env


def load_templates(folder: str | Path | None = None) -> Templates:
    """The templates, ``folder``'s before the kit's (one environment per folder and
    process). A folder that does not exist raises :class:`TemplateProblem`; a template in
    it is only read when first used (see html_report.check_templates, which renders every
    page once before a class is graded)."""
    if folder is None or str(folder) == "":
        return _load(None)
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise TemplateProblem(f"--templates {folder}: no such folder")
    return _load(path.resolve())


@functools.cache
def _load(folder: Path | None) -> Templates:
    return Templates(folder, _environment(folder))


def describe(error: BaseException, templates: Templates) -> str:
    """``error`` (raised while loading or rendering) as one clear sentence: the template,
    the line and what is wrong."""
    where = f"the templates in {templates.folder}" if templates.folder else "the kit's templates"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{where}: {error.filename or error.name}, line {error.lineno}: {error.message}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"{where}: template {error.name} not found"
    line = _template_line(error)
    at = f" ({line[0]}, line {line[1]})" if line else ""
    return f"{where}: rendering failed{at}: {type(error).__name__}: {error}"


def _template_line(error: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in ``error``'s traceback (Jinja rewrites the
    frames of compiled templates to point at the template's own lines)."""
    found = None
    tb = error.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found
