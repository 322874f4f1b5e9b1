"""The demo, loaded once into an empty database: its accounts' passwords are kept beside the data.

`services/demo.py` builds it (a fictional service mid-inspection, one account per role; all synthetic).
"""

from __future__ import annotations

from pathlib import Path

from yjinspect.web.inspections.models import Inspection
from yjinspect.web.inspections.services.demo import DEMO_SERVICE, demo_build


def load_demo(data_dir: Path) -> list[tuple[str, str, str]]:
    """Load the demo once into an empty database; return (username, password, role) for every account."""
    credentials = data_dir / "demo-accounts.txt"
    if Inspection.objects.filter(service__name=DEMO_SERVICE).exists() and credentials.exists():
        return [tuple(line.split("\t")) for line in credentials.read_text().splitlines()]  # type: ignore[misc]
    accounts = demo_build()
    credentials.write_text("\n".join("\t".join(a) for a in accounts))
    credentials.chmod(0o600)
    return accounts
