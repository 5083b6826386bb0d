"""`infobot` command line: thin click commands over the services."""

from bot.cli import chat, doctor, issues, ledger, outbox, reports, web  # noqa: F401  (each module registers its commands)
from bot.cli.base import main

__all__ = ["main"]
