"""Writes made on the desk (bot/web/): each one runs the same office workflow as its chat command, inside one
transaction that also keeps the key of the form it came from. A form submitted twice (a reload, two clicks)
records once: the second finds its key and gets the first one's result back. The facts a desk write appends
are remembered by their ids, so a unit's page can tell they were recorded on the desk and by whom."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.common.clock import Clock
from bot.common.errors import EntryError
from bot.store import Store

DESK = "后台"  # where a fact was recorded, as the unit's page says it
FORM_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass(frozen=True)
class Done:
    """What a desk write did: `result` to show, `location` to go to next; `fresh` False when the same form
    was submitted before, so nothing was recorded this time."""

    result: str
    location: str
    fresh: bool = True


class DeskWrites:
    def __init__(self, store: Store, clock: Clock):
        self.store = store
        self.clock = clock

    def run(self, form_key: str, by: str, action: str, work: Callable[[], tuple[str, str]]) -> Done:
        """Run `work` (an office workflow; returns the result to show and where to go next) once per form,
        in one transaction with the form's key. A UserError from `work` rolls back the key too, so the
        corrected form can be sent again."""
        if not FORM_KEY.match(form_key or ""):
            raise EntryError("这张表单已失效，请刷新页面后重新填写。")
        with self.store.atomic():
            if not self.store.claim_desk_write(form_key, by, action, self.clock.now()):
                earlier = self.store.desk_write(form_key) or {}  # claimed before: its row is there
                return Done(earlier["result"] or "", earlier["location"] or "/", fresh=False)
            top = self.store.ledger_version()[0]
            result, location = work()
            after = self.store.ledger_version()[0]
            first, last = (top + 1, after) if after > top else (None, None)
            self.store.finish_desk_write(form_key, first, last, result, location)
        return Done(result, location)

    def written_here(self, entry_ids: list[int]) -> set[int]:
        """Which of these facts were recorded on the desk."""
        return self.store.desk_written(entry_ids)

    def result(self, form_key: str) -> Done | None:
        """What the write from this form did, for its result page."""
        row = self.store.desk_write(form_key) if FORM_KEY.match(form_key or "") else None
        return Done(row["result"] or "", row["location"] or "/") if row else None
