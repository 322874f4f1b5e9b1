"""Programmes as plug-ins: one module per programme kind behind the contract in `base`.

Import the registry and the bundle envelope from here: `programme_for`, `read_inspection`, ...
"""

from yjinspect.programmes.base import (
    Inspection,
    NarrativeField,
    Programme,
    PublishedFigures,
    bundle_data,
    check_inspection,
    compose_report,
    inspection_programme_ids,
    programme_for,
    programme_ids,
    programmes,
    read_inspection,
    read_inspection_file,
    read_published_report,
)

__all__ = [
    "Inspection",
    "NarrativeField",
    "Programme",
    "PublishedFigures",
    "bundle_data",
    "check_inspection",
    "compose_report",
    "inspection_programme_ids",
    "programme_for",
    "programme_ids",
    "programmes",
    "read_inspection",
    "read_inspection_file",
    "read_published_report",
]
