"""Hidden suites, one folder per assignment. Never shipped to students."""
