"""An assignment as an nbgrader course, generated from the kit's single sources.

``python -m autograder nbgrader --assignment NAME --course DIR [--generate]`` writes nbgrader's
source notebook (solutions and hidden tests in place), the data it loads and
``nbgrader_config.py``, so the nbgrader version of an assignment can never drift from the kit.
Each check of the hidden suite becomes one "Autograder tests" cell worth the check's points
(nbgrader scores a test cell all or nothing), comparing what the kit's check compares, with
the same inputs, expected values and tolerance. Public checks stay visible; the others sit
between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` and leave the release. The
functions the kit substitutes with the reference's ("no double penalty") are substituted in
the test cells too, from a hidden region.

Modules: ``hidden_suite`` (the suite, recorded against the reference), ``grade_ids`` (its
checks named as test cells), ``cells`` (cell sources and
literals), ``helpers_cell`` (the read-only helpers cell, as a module), ``notebook`` (the
source notebook), ``course`` (the course folder and the subcommand), ``intake`` (nbgrader's
submitted/ layout for ``grade --nbgrader-course``).
"""

from autograder.integrations.nbgrader.cells import (
    BEGIN_HIDDEN,
    CHECK_FN,
    CHECK_TWO_FN,
    END_HIDDEN,
    HELPERS_ID,
    SCHEMA_VERSION,
    SUBSTITUTE_VAR,
    check_call_source,
    grade_cell_metadata,
    grade_cell_source,
    helpers_source,
    literal,
    readonly_metadata,
    reference_helpers_source,
    solution_metadata,
)
from autograder.integrations.nbgrader.course import (
    add_nbgrader_parser,
    config_source,
    course_files,
    make_course,
    nbgrader_command,
)
from autograder.integrations.nbgrader.grade_ids import (
    Expectation,
    RecordedCall,
    SuiteCheck,
    check_grade_id,
    function_of_grade_id,
    points_per_function,
)
from autograder.integrations.nbgrader.hidden_suite import suite_checks
from autograder.integrations.nbgrader.intake import discover_nbgrader
from autograder.integrations.nbgrader.notebook import (
    build_source_notebook,
    function_blocks,
    tests_header,
)

__all__ = [
    "BEGIN_HIDDEN",
    "CHECK_FN",
    "CHECK_TWO_FN",
    "END_HIDDEN",
    "HELPERS_ID",
    "SCHEMA_VERSION",
    "SUBSTITUTE_VAR",
    "Expectation",
    "RecordedCall",
    "SuiteCheck",
    "add_nbgrader_parser",
    "build_source_notebook",
    "check_call_source",
    "check_grade_id",
    "config_source",
    "course_files",
    "discover_nbgrader",
    "function_blocks",
    "function_of_grade_id",
    "grade_cell_metadata",
    "grade_cell_source",
    "helpers_source",
    "literal",
    "make_course",
    "nbgrader_command",
    "points_per_function",
    "readonly_metadata",
    "reference_helpers_source",
    "solution_metadata",
    "suite_checks",
    "tests_header",
]
