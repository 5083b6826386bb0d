"""Only the wechaty transport family knows which chat network is used (DESIGN.md)."""
from __future__ import annotations

import re
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
IMPORT = re.compile(r"^\s*(?:import|from)\s+(wechaty|wechaty_puppet|wechaty_puppet_service|wechaty_grpc)\b", re.M)


def test_only_the_wechaty_transport_imports_wechaty():
    importers = sorted(str(p.relative_to(BOT)) for p in BOT.rglob("*.py") if IMPORT.search(p.read_text("utf-8")))
    assert importers == ["transports/wechaty.py", "transports/wechaty_connection.py",
                         "transports/wechaty_setup.py"]
