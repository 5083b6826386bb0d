"""What the chat layer needs from the wiring: a narrow view of the services, so chat never imports bot.app."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.common.clock import Clock
    from bot.ledger.drafts import DraftBuilder
    from bot.ledger.service import Ledger
    from bot.office.common_tasks import CommonTasks
    from bot.office.desk_logins import DeskLogins
    from bot.office.editorial import Editorial
    from bot.office.emergencies import Emergencies
    from bot.office.liaison_changes import LiaisonChanges
    from bot.office.members import Members
    from bot.office.notices import Notices
    from bot.office.pledges import Pledges
    from bot.office.proposals import Proposals
    from bot.office.research import Research
    from bot.office.solicitations import Solicitations
    from bot.office.submissions import Submissions
    from bot.outbox.fairness import Replies
    from bot.outbox.queue import Outbox
    from bot.scoring import Period, Scoreboard
    from bot.settings import Config
    from bot.store import Store


class ChatServices(Protocol):
    """The services the router and the handlers use; `bot.app.App` provides them."""

    config: "Config"
    store: "Store"
    clock: "Clock"
    ledger: "Ledger"
    drafts: "DraftBuilder"
    outbox: "Outbox"
    members: "Members"
    submissions: "Submissions"
    notices: "Notices"
    proposals: "Proposals"
    solicitations: "Solicitations"
    emergencies: "Emergencies"
    liaison_changes: "LiaisonChanges"
    common_tasks: "CommonTasks"
    research: "Research"
    pledges: "Pledges"
    editorial: "Editorial"
    replies: "Replies"
    desk_logins: "DeskLogins"

    def scoreboard(self, period: "Period | None" = None, detail: str | None = None) -> "Scoreboard": ...

    def itemized_scoreboard(self, period: "Period | None" = None) -> "Scoreboard": ...
