"""Surveys of the people on the receiving end of the service: opened by the lead inspector, answered without
an account through an invitation code, keyed in from paper by the team, counted for the results page and the
report (docs/decisions/0013-surveys.md)."""
