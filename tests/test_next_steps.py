"""A domain error names the next step by what it does; the chat has words for every step the code names."""

from __future__ import annotations

import ast

from bot.chat.hints import HINTS, worded
from bot.cli.errors import CLI_HINTS
from bot.cli.errors import worded as cli_worded
from bot.common.errors import EntryError, Step
from tests.test_layers import MODULES


def steps_named() -> set[str]:
    found = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Step"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_step_the_code_names_has_chat_words():
    named = steps_named()
    assert named and named <= set(HINTS), sorted(named - set(HINTS))
    assert set(CLI_HINTS) <= set(HINTS)


def test_each_front_words_the_same_error_its_own_way():
    error = EntryError("撤销须写明原因，", Step("reverse_with_reason"))
    assert worded(error) == "撤销须写明原因，例如：/撤销 12 单位登记错误。"
    assert cli_worded(error) == "撤销须写明原因。例如：infobot revoke 12 单位登记错误。"
    assert str(error) == "撤销须写明原因，"  # the domain's sentence carries no front's syntax
