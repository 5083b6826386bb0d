"""Commands are declared by `@command` on their handler and collected from bot/handlers/ without a list."""

from __future__ import annotations

import types

import pytest

from bot.chat.commands import Registry, Role, Where, command, on_file
from bot.handlers import build_registry


def _module(name: str, **functions) -> types.ModuleType:
    module = types.ModuleType(name)
    for fn in functions.values():
        fn.__module__ = name
    vars(module).update(functions)
    return module


def test_a_decorated_handler_is_collected_in_the_order_written():
    @command("/甲", usage="/甲", summary="甲", role=Role.ADMIN)
    def first(ctx):
        return "甲"

    @command("/乙", usage="/乙 [x]", summary="乙", role=Role.LIAISON, where=Where.GROUP, aliases=("/乙乙",))
    def second(ctx):
        return "乙"

    @on_file
    def files(ctx):
        return None

    registry = Registry.collect([_module("fake_handlers", second=second, first=first, files=files)])
    assert [c.name for c in registry.commands] == ["/甲", "/乙"]
    assert registry.match("/乙乙 x")[0].handler is second and registry.on_file is files


def test_an_imported_handler_is_not_collected_twice():
    @command("/丙", usage="/丙", summary="丙", role=Role.ADMIN)
    def third(ctx):
        return None

    home = _module("home", third=third)
    elsewhere = types.ModuleType("elsewhere")
    elsewhere.third = third  # `from home import third`
    assert [c.name for c in Registry.collect([home, elsewhere]).commands] == ["/丙"]


def test_a_spelling_taken_twice_is_refused():
    @command("/丁", usage="/丁", summary="丁", role=Role.ADMIN)
    def one(ctx):
        return None

    @command("/戊", usage="/戊", summary="戊", role=Role.ADMIN, aliases=("/ 丁",))
    def two(ctx):
        return None

    with pytest.raises(ValueError, match="registered twice"):
        Registry.collect([_module("twice", one=one, two=two)])


def test_every_handler_module_is_collected():
    registry = build_registry()
    names = {c.name for c in registry.commands}
    assert {"#报送", "/我的得分", "/组刊", "/设为本群", "/帮助"} <= names
    assert registry.on_file is not None
    assert registry.commands[0].name == "#报送" and registry.commands[-1].name == "/帮助"
