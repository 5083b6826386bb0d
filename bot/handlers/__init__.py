"""Thin command handlers: parse arguments, call a service, format the reply."""
from bot.chat.commands import Registry
from bot.handlers import binding, help, office, queries, submission


def build_registry() -> Registry:
    registry = Registry()
    for module in (submission, queries, binding, office, help):
        module.register(registry)
    return registry
