"""Where the bot's own posts go: the group and the admins.

The group is known by its room id only: an id in bot.yaml (group.ids), or the room an admin registered
by sending /设为本群 in it. A room's name (topic) never makes it the group, since anyone can create a
group with the same name; the name only prompts a private suggestion to the admins, once per room."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.model.actions import Prompt
from bot.model.message import Outgoing
from bot.common.clock import Clock
from bot.common.errors import EntryError, Step
from bot.outbox.queue import Outbox
from bot.settings import Config
from bot.store import Store

# A new key: rooms learned by their name before (the old "group_room_id") are not trusted.
GROUP_ROOM = "group_registered_room_id"


class GroupUnknown(EntryError):
    """The group's room id is not known yet, so nothing can be posted there."""

    show_usage = False


class Notices:
    def __init__(self, config: Config, store: Store, clock: Clock, outbox: Outbox):
        self.config = config
        self.store = store
        self.clock = clock
        self.outbox = outbox
        self.stand_in_room: str | None = None  # the console's room: used, never stored

    def group_room(self) -> str | None:
        """An id from bot.yaml wins; then a stand-in (console); then the room an admin registered."""
        ids = self.config.bot.group_ids
        if ids:
            return ids[0]
        return self.stand_in_room or self.store.get_state(GROUP_ROOM)

    def is_group(self, room_id: str | None) -> bool:
        if room_id is None:
            return False
        if room_id == self.stand_in_room:
            return True
        if self.config.bot.group_ids:  # pinned in bot.yaml: a registration cannot override it
            return self.config.bot.is_configured_group(room_id)
        return room_id == self.store.get_state(GROUP_ROOM)

    def register_group(self, room_id: str) -> str | None:
        """Make this room the group (what /设为本群 stores); returns the room it replaces, if any."""
        before = self.store.get_state(GROUP_ROOM)
        if room_id and before != room_id:
            with self.store.atomic():
                self.store.set_state(GROUP_ROOM, room_id, self.clock.now())
        return before if before != room_id else None

    def suggest_group(self, room_id: str, topic: str | None, how: str) -> list[Outgoing]:
        """A room named like the group that is not the group: tell the admins privately, once per room,
        `how` (in the front's words) to register it."""
        if (
            not room_id
            or topic is None
            or self.is_group(room_id)
            or not self.config.bot.has_group_name(topic)
            or self.config.bot.group_ids
        ):  # pinned in bot.yaml: nothing to register
            return []
        current = self.group_room()
        now = f"目前登记的本群 id 是 {current}，发送后将改为这个群。" if current else "目前还没有登记本群。"
        text = (
            f"检测到名为「{topic.strip()}」的群（id {room_id}）发来消息，如果这是信息员群，"
            f"{how}{now}如果不是，请不要理会：机器人不会在这个群里登记或发布任何内容。"
        )
        return self.post_to_admins(text, f"group:suggest:{room_id}")

    def to_group(self, text: str, mentions: Iterable[str] = (), file_path: str | None = None) -> Outgoing:
        room = self.group_room()
        if room is None:
            topic = self.config.bot.group_label
            raise GroupUnknown(
                f"机器人还不知道「{topic}」的群 id，无法在群里发布。",
                Step("register_group", (self.config.file("bot.yaml"),)),
            )
        return Outgoing(text, room_id=room, mentions=tuple(dict.fromkeys(mentions)), file_path=file_path)

    def to_admins(self, text: str, prompts: tuple[Prompt, ...] = ()) -> list[Outgoing]:
        return [Outgoing(text, contact_id=a.contact_id, prompts=prompts) for a in self.config.bot.admins]

    def posted(self, key: str) -> bool:
        """Whether a post under this key was ever queued (so the period it names is done)."""
        return self.store.has_key(key)

    def post(self, items: Iterable[tuple[Outgoing, str | None]]) -> list[Outgoing]:
        """Queue in one transaction; an item whose key was queued before is dropped. Returns the new ones."""
        with self.store.atomic():
            queued = [self.outbox.queue(out, key) for out, key in items]
        return [q for q in queued if q.id is not None]

    def nothing_recorded(self, start: date, end: date) -> bool:
        """No fact in the ledger for [start, end]: a ranking of it would be all zeros (e.g. a first start)."""
        return self.store.count_facts(start.isoformat(), end.isoformat()) == 0

    def held_back(self, what: str, why: str, key: str) -> list[Outgoing]:
        """Tell the admins, once, that a group post was not sent and why."""
        return self.post_to_admins(f"{what}没有发到群里：{why}", key=f"held:{key}")

    def post_to_admins(self, text: str, key: str, prompts: tuple[Prompt, ...] = ()) -> list[Outgoing]:
        return self.post((out, f"{key}:{out.contact_id}") for out in self.to_admins(text, prompts))
