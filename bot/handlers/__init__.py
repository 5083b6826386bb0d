"""Thin command handlers: parse arguments, call a service, format the reply.

Each handler declares its command with `@command(...)` (bot/chat/commands.py); every module in this
package is collected, so a new command is its handler (and its test): nothing else to edit.
"""

from __future__ import annotations

import importlib
import pkgutil

from bot.chat.commands import Registry


def build_registry() -> Registry:
    """Every command declared in bot/handlers/, modules in their ORDER (those without one last)."""
    modules = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
    return Registry.collect(sorted(modules, key=lambda m: (getattr(m, "ORDER", 50), m.__name__)))
