"""The Gradescope autograder: ``bundle.py`` builds the zip and runs inside it;
``identity.py`` reads who the submission is from submission_metadata.json."""
