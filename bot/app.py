"""build_app(): config + store + transport + clock → a running bot. No globals."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.chat.message import Incoming, Outgoing
from bot.chat.router import Router
from bot.clock import Clock
from bot.handlers import build_registry
from bot.members import Members
from bot.outbox import Outbox, Sender
from bot.services import Services
from bot.settings import Config
from bot.store import Store
from bot.submissions import Submissions


@dataclass
class App(Services):
    transport: Sender | None = None
    files_dir: Path = Path("data/attachments")
    members: Members = field(init=False)
    submissions: Submissions = field(init=False)
    outbox: Outbox = field(init=False)
    router: Router = field(init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.members = Members(self.config, self.store, self.clock)
        self.submissions = Submissions(self.config, self.store, self.clock, self.files_dir)
        self.outbox = Outbox(self.store, self.clock)
        self.router = Router(self, build_registry())

    async def receive(self, msg: Incoming) -> list[Outgoing]:
        """Handle one incoming message and send whatever is queued."""
        queued = self.router.handle(msg)
        await self.flush()
        return queued

    async def flush(self) -> int:
        if self.transport is None:
            return 0
        return await self.outbox.deliver(self.transport)


def build_app(config: Config, store: Store, transport: Sender | None, clock: Clock,
              files_dir: str | Path | None = None) -> App:
    return App(config, store, clock, transport=transport,
               files_dir=Path(files_dir) if files_dir else Path("data/attachments"))
