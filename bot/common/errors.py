"""Errors people can fix, raised by the domain (office/, ledger/, settings/) with data, not chat syntax.

`str(error)` is a plain Chinese sentence that names what was wrong and what is valid. What the person can
do next is a `Step` named by what it does (reverse a fact, compose an issue…), never by a front's syntax:
the chat words it as a slash command (bot/chat/hints.py), the CLI as its own command or option.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.model.facts import Entry, describe


@dataclass(frozen=True)
class Step:
    """Something the person can do next: an action the office knows, with its arguments."""

    action: str
    args: tuple[str, ...] = ()


class UserError(ValueError):
    """A request that cannot be done as asked; the message is for the person who asked."""

    show_usage = True  # whether the command's usage line helps with this error

    def __init__(self, text: str, step: Step | None = None):
        super().__init__(text)
        self.step = step


class EntryError(UserError):
    """Input that cannot become a fact (or a record of the office's work)."""


class NoSuchEntry(EntryError):
    """No fact has this record number."""

    def __init__(self, entry_id: int):
        self.entry_id = entry_id
        super().__init__(f"没有记录号 #{entry_id}。")


class AlreadyReversed(EntryError):
    """The fact was reversed before; `reversal` is the record that did it."""

    def __init__(self, entry_id: int, reversal: Entry):
        self.entry_id = entry_id
        self.reversal = reversal
        super().__init__(
            f"#{entry_id} 已于 {reversal.recorded_at:%Y-%m-%d %H:%M} 被 #{reversal.id} 撤销（{reversal.note}）。"
        )


class RepeatedFact(UserError):
    """The same fact is already recorded (and stands); recording it again would count it twice."""

    show_usage = False

    def __init__(self, earlier: Entry, who: str):
        self.earlier = earlier
        self.who = who  # the name of whoever recorded it
        super().__init__(
            f"未登记：与 #{earlier.id} 相同（{earlier.unit} {describe(earlier)}，"
            f"{earlier.date:%Y年%-m月%-d日}，{who} {earlier.recorded_at:%-m月%-d日 %H:%M} 登记）。",
            Step("repeat_or_reverse", (str(earlier.id),)),
        )
