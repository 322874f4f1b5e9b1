"""Reports: compose a plain ReportDocument once, then render it with one renderer per format."""
