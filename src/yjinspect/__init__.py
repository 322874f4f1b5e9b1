"""yjinspect: run inspections of youth offending work by HM Inspectorate of Probation's rules."""

__version__ = "0.1.0"
