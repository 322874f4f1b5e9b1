"""The earlier programmes' arithmetic: core case inspections, full joint inspections, short quality screenings."""
