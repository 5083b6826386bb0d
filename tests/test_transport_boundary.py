"""Only the transports know which chat network is used (DESIGN.md): wechaty*.py and wecom*.py."""

from __future__ import annotations

import re
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
IMPORT = re.compile(r"^\s*(?:import|from)\s+(wechaty|wechaty_puppet|wechaty_puppet_service|wechaty_grpc)\b", re.M)


def test_only_the_wechaty_transport_imports_wechaty():
    importers = sorted(str(p.relative_to(BOT)) for p in BOT.rglob("*.py") if IMPORT.search(p.read_text("utf-8")))
    assert importers == [
        "transports/wechaty.py",
        "transports/wechaty_connection.py",
        "transports/wechaty_probe.py",
        "transports/wechaty_setup.py",
    ]


WECOM_IMPORT = re.compile(r"^\s*(?:import|from)\s+(wecom_aibot_sdk|aibot)\b", re.M)


def test_only_the_wecom_transport_imports_the_wecom_sdk():
    importers = sorted(str(p.relative_to(BOT)) for p in BOT.rglob("*.py") if WECOM_IMPORT.search(p.read_text("utf-8")))
    assert importers == ["transports/wecom_connection.py"]
