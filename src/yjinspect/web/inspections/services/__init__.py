"""Every write to an inspection, one module per part of the work; nothing outside this package writes.

Views call exactly one service per request and name its module (`services.assessment.answer_save`).
Each public service is one transaction, takes keyword arguments, and raises `common.ServiceError`
(with a message for the person) instead of saving anything partly. `common.versioned_update` is the
one place where a version-checked save locks its row, refuses a stale write, records history and
bumps the version.
"""
