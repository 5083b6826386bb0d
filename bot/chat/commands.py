"""Commands: declared by `@command(...)` on their handler, collected into a Registry (name, aliases, usage,
who may use it where) that the router matches against and /帮助 and the docs are generated from."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from inspect import isfunction
from types import ModuleType

from bot.chat.normalize import head_key


class Role(Enum):
    MEMBER = "群成员"
    LIAISON = "信息员"
    ADMIN = "管理员"


class Where(Enum):
    GROUP = "群内"
    PRIVATE = "私聊"
    BOTH = "群内或私聊"


# A function of a bot.chat.context.Context (which holds the registry, so not imported here).
Handler = Callable[..., "str | None"]


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
    example: str = ""  # for the docs' command tables

    @property
    def spellings(self) -> list[str]:
        return [self.name, *self.aliases]


def command(
    name: str,
    *,
    usage: str,
    summary: str,
    role: Role,
    where: Where = Where.BOTH,
    aliases: tuple[str, ...] = (),
    any_room: bool = False,
    holds_pending: bool = False,
    example: str = "",
) -> Callable[[Handler], Handler]:
    """Declare the decorated function the handler of a chat command; `build_registry` collects it."""

    def declare(handler: Handler) -> Handler:
        declared = handler.__dict__.setdefault("commands", [])
        declared.append(Command(name, usage, summary, role, where, handler, aliases, any_room, holds_pending, example))
        return handler

    return declare


def on_file(handler: Handler) -> Handler:
    """Declare the decorated function the handler of a document posted to the bot."""
    handler.__dict__["on_file"] = True
    return handler


def on_private_text(handler: Handler) -> Handler:
    """Declare the decorated function a taker of private messages that are not commands (see Registry)."""
    handler.__dict__["on_private_text"] = True
    return handler


@dataclass
class Registry:
    commands: list[Command] = field(default_factory=list)
    on_file: Handler | None = None  # a document posted in the group
    # Take a private message that is not a command (e.g. the reason an admin was just asked for); each
    # returns a reply, or None to let the next one (and finally the ordinary answer) have it.
    on_private_text: list[Handler] = field(default_factory=list)

    @classmethod
    def collect(cls, modules: Iterable[ModuleType]) -> Registry:
        """Every command declared in `modules`, in module order, then in the order they are written."""
        registry = cls()
        for module in modules:
            handlers = [h for h in vars(module).values() if isfunction(h) and h.__module__ == module.__name__]
            for handler in sorted(handlers, key=lambda h: h.__code__.co_firstlineno):
                for declared in getattr(handler, "commands", ()):
                    registry.add(declared)
                if getattr(handler, "on_file", False):
                    if registry.on_file is not None:
                        raise ValueError(f"two file handlers: {registry.on_file.__qualname__}, {handler.__qualname__}")
                    registry.on_file = handler
                if getattr(handler, "on_private_text", False):
                    registry.on_private_text.append(handler)
        return registry

    def add(self, command: Command) -> None:
        taken = {head_key(s) for c in self.commands for s in c.spellings}
        for spelling in command.spellings:
            if head_key(spelling) in taken:
                raise ValueError(f"command spelling registered twice: {spelling}")
        self.commands.append(command)

    def match(self, text: str) -> tuple[Command, str] | None:
        """The command whose name (or alias) starts the text, longest first; and the rest."""
        if text[:1] not in ("#", "/"):
            return None
        options = sorted(((head_key(s), c) for c in self.commands for s in c.spellings), key=lambda pair: -len(pair[0]))
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
        allowed = (
            {Role.MEMBER}
            | ({Role.LIAISON} if is_liaison or is_admin else set())
            | ({Role.ADMIN} if is_admin else set())
        )
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
