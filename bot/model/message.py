"""What a transport hands the router, and what the router asks a transport to send."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.model.actions import Prompt


@dataclass(frozen=True)
class FileBlob:
    name: str
    data: bytes

    @classmethod
    def lost(cls, name: str) -> "FileBlob":
        """A file the transport could not download or decrypt: the message is kept, without the bytes."""
        return cls(name, b"")

    @property
    def missing(self) -> bool:
        """No bytes: it could not be fetched (or was sent empty); nothing can be registered from it."""
        return not self.data


@dataclass(frozen=True)
class Incoming:
    message_id: str
    sender_id: str
    sender_name: str
    text: str
    at: datetime
    room_id: str | None = None
    room_topic: str | None = None
    file: FileBlob | None = None
    reply_token: str | None = None  # the network's handle for answering this message (企业微信's req_id)
    names_given: bool = True  # False on a network that gives the bot userids only (企业微信): sender_name is the id

    @property
    def private(self) -> bool:
        return self.room_id is None


@dataclass(frozen=True)
class Outgoing:
    text: str
    room_id: str | None = None  # to the group
    contact_id: str | None = None  # or privately to a contact
    mentions: tuple[str, ...] = field(default_factory=tuple)
    file_path: str | None = None
    id: int | None = None
    prompts: tuple[Prompt, ...] = ()  # decisions it offers (a transport may show them as buttons)
    answers: str | None = None  # the id of the received message this replies to, in that message's chat

    @property
    def outbox_id(self) -> int:
        """The outbox row of a message read back from the outbox (one not yet queued has none)."""
        if self.id is None:
            raise ValueError("an outgoing message that was never queued has no outbox id")
        return self.id
