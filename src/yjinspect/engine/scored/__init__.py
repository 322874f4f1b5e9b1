"""The scored programmes' arithmetic: core case inspections, full joint inspections, short quality screenings."""
