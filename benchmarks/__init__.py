"""Timing runs with printed figures; not part of the pass/fail test run."""
