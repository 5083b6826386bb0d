"""Thin command handlers: parse arguments, call a service, format the reply."""
from bot.chat.commands import Registry
from bot.handlers import (binding, desk, editorial, emergency, group, help, office, pledges, proposals, queries,
                          research, solicitation, submission, yearend)


def build_registry() -> Registry:
    registry = Registry()
    for module in (submission, solicitation, emergency, queries, binding, office, proposals, group, editorial,
                   yearend, research, pledges, desk, help):
        module.register(registry)
    return registry
