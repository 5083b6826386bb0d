"""What a handler gets: the message, who sent it, the office's services, and a way to reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.model.actions import Prompt
from bot.model.message import Incoming, Outgoing
from bot.chat.normalize import split_args

if TYPE_CHECKING:
    from bot.chat.commands import Registry
    from bot.services import Office


class OfficeFront(Protocol):
    """What the argument and answer helpers read from a front (a chat Context, or the desk's): the office."""

    @property
    def office(self) -> "Office": ...


@dataclass
class Context:
    office: "Office"
    registry: "Registry"
    msg: Incoming
    text: str  # the cleaned message text
    args: str  # what follows the command name
    unit: str | None  # the sender's unit, if bound
    is_admin: bool
    out: list[Outgoing] = field(default_factory=list)
    again: bool = False  # the admin wrote 「再次」: a real repeat of a fact already recorded

    def reply(self, text: str, mentions: tuple[str, ...] = ()) -> None:
        self.out.append(
            Outgoing(
                text,
                room_id=self.msg.room_id,
                contact_id=self.msg.sender_id if self.msg.private else None,
                mentions=mentions,
            )
        )

    def tell(self, contact_id: str, text: str, prompts: tuple[Prompt, ...] = ()) -> None:
        self.out.append(Outgoing(text, contact_id=contact_id, prompts=prompts))

    def args_tokens(self) -> list[str]:
        """Arguments split on spaces, with 《…》/【…】 kept whole."""
        return split_args(self.args)

    @property
    def by(self) -> str:
        """Who entered a fact: the contact id, never the display name."""
        return self.msg.sender_id
