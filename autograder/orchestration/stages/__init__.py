"""The stages of a class run, in the order ``engine.grade_class`` calls them, one module
each (nbgrader's autograde converter lists its preprocessors the same way):

1. :mod:`autograder.orchestration.stages.receive`  — intake: the class's submissions, each file read;
2. :mod:`autograder.orchestration.stages.lookup`   — the result cache: unchanged submissions' reports;
3. :mod:`autograder.orchestration.stages.dispatch` — the rest to sandboxed sessions: in this process
   (:mod:`autograder.orchestration.stages.suite`), in worker processes or on a Dask cluster;
4. :mod:`autograder.orchestration.stages.score`    — a zero-point report for whoever could not be graded;
5. :mod:`autograder.orchestration.stages.collect`  — the writers: each report written (and cached) as it
   comes, the class's files at the end.

Each stage takes the few values it needs (or the run's one :class:`config.GradeConfig`)
and none imports the engine or another stage's caller."""
