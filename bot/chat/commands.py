"""The command registry: each command's name, aliases, usage, and who may use it where."""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from bot.chat.normalize import head_key

if TYPE_CHECKING:
    from bot.chat.context import Context


class Role(Enum):
    MEMBER = "群成员"
    LIAISON = "信息员"
    ADMIN = "管理员"


class Where(Enum):
    GROUP = "群内"
    PRIVATE = "私聊"
    BOTH = "群内或私聊"


Handler = Callable[["Context"], "str | None"]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    summary: str
    role: Role
    where: Where
    handler: Handler
    aliases: tuple[str, ...] = ()
    any_room: bool = False  # heard in any room, not only the group (/设为本群)
    holds_pending: bool = False  # a sender whose binding awaits confirmation reaches the handler

    @property
    def spellings(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Registry:
    commands: list[Command] = field(default_factory=list)
    on_file: Handler | None = None  # a document posted in the group
    # Take a private message that is not a command (e.g. the reason an admin was just asked for); each
    # returns a reply, or None to let the next one (and finally the ordinary answer) have it.
    on_private_text: list[Handler] = field(default_factory=list)

    def command(self, name: str, *, usage: str, summary: str, role: Role, where: Where = Where.BOTH,
                aliases: tuple[str, ...] = (), any_room: bool = False,
                holds_pending: bool = False) -> Callable[[Handler], Handler]:
        def add(handler: Handler) -> Handler:
            taken = {head_key(s) for c in self.commands for s in c.spellings}
            for spelling in (name, *aliases):
                if head_key(spelling) in taken:
                    raise ValueError(f"command spelling registered twice: {spelling}")
            self.commands.append(Command(name, usage, summary, role, where, handler, aliases, any_room,
                                         holds_pending))
            return handler
        return add

    def match(self, text: str) -> tuple[Command, str] | None:
        """The command whose name (or alias) starts the text, longest first; and the rest."""
        if text[:1] not in ("#", "/"):
            return None
        options = sorted(((head_key(s), c) for c in self.commands for s in c.spellings),
                         key=lambda pair: -len(pair[0]))
        for key, command in options:
            rest = _strip_head(text, key)
            if rest is not None:
                return command, rest
        return None

    def near(self, text: str, allowed: list[Command] | None = None) -> list[str]:
        """Commands spelled like the text, among those the sender may use."""
        head = head_key(text.split()[0]) if text.split() else ""
        names = [c.name for c in (self.commands if allowed is None else allowed) if c.name.startswith(text[:1])]
        return difflib.get_close_matches(head, names, n=2, cutoff=0.4)

    def visible_to(self, is_admin: bool, is_liaison: bool) -> list[Command]:
        allowed = {Role.MEMBER} | ({Role.LIAISON} if is_liaison or is_admin else set()) | \
            ({Role.ADMIN} if is_admin else set())
        return [c for c in self.commands if c.role in allowed]


def _strip_head(text: str, key: str) -> str | None:
    """If the text begins with `key` (compared after NFKC, spaces ignored), return what follows."""
    consumed, matched = 0, 0
    while matched < len(key) and consumed < len(text):
        ch = text[consumed]
        consumed += 1
        if ch.isspace():
            continue
        folded = head_key(ch)
        if not key.startswith(folded, matched):
            return None
        matched += len(folded)
    if matched < len(key):
        return None
    rest = text[consumed:]
    # "/我的得分x" is not "/我的得分"; but "#报送【标题】" is "#报送" followed by a title.
    if rest and not rest[0].isspace() and (rest[0].isalnum() and key.startswith("/")):
        return None
    return rest.strip()
