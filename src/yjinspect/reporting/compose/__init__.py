"""Report shapes: one module per programme kind, composing a ReportDocument from ReportInputs."""
