"""Thin command handlers: parse arguments, call a service, format the reply."""
from bot.chat.commands import Registry
from bot.handlers import binding, emergency, group, help, office, proposals, queries, solicitation, submission


def build_registry() -> Registry:
    registry = Registry()
    for module in (submission, solicitation, emergency, queries, binding, office, proposals, group, help):
        module.register(registry)
    return registry
