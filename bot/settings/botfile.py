"""config/bot.yaml: which group, who the admins are, how submissions are handled, and the schedule."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings.cards import CardSettings, parse_cards
from bot.settings.delivery import (
    OutboxSettings,
    WechatySettings,
    WecomSettings,
    parse_outbox,
    parse_wechaty,
    parse_wecom,
)
from bot.settings.limits import LimitSettings, parse_limits
from bot.settings.office import OfficeSettings, parse_office
from bot.settings.reader import YamlFile
from bot.settings.schedule import OfficeHours, Schedule, parse_office_hours, parse_schedule
from bot.settings.web import WebSettings, parse_web


@dataclass(frozen=True)
class Admin:
    name: str
    contact_id: str


@dataclass(frozen=True)
class BotSettings:
    group_topics: tuple[str, ...] = ("上街信息员之家",)
    group_ids: tuple[str, ...] = ()
    admins: tuple[Admin, ...] = ()
    duplicate_days: int = 7
    attach_minutes: int = 10
    attachment_types: tuple[str, ...] = ("docx", "doc", "pdf", "wps")
    schedule: Schedule = field(default_factory=Schedule)
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)
    wechaty: WechatySettings = field(default_factory=WechatySettings)
    wecom: WecomSettings = field(default_factory=WecomSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    cards: CardSettings = field(default_factory=CardSettings)
    office: OfficeSettings = field(default_factory=OfficeSettings)
    web: WebSettings = field(default_factory=WebSettings)

    @property
    def group_label(self) -> str:
        """How replies name the group: office.group_label, else its configured name, else its id."""
        return self.office.group_label or (self.group_topics or self.group_ids or ("工作群",))[0]

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(a.contact_id for a in self.admins)

    def admin_name(self, contact_id: str) -> str:
        """An admin's name for people to read (高歌, not wxid_…); other ids as they are."""
        return next((a.name for a in self.admins if a.contact_id == contact_id), contact_id)

    def is_configured_group(self, room_id: str | None) -> bool:
        """The group pinned by id in bot.yaml. A name never makes a room the group: anyone can copy it."""
        return room_id is not None and room_id in self.group_ids

    def has_group_name(self, topic: str | None) -> bool:
        """Whether a room carries the group's name: only ever a reason to suggest it to the admins."""
        return topic is not None and topic.strip() in self.group_topics


def parse_bot(f: YamlFile, data: object) -> BotSettings:
    root = f.mapping(data, "")
    f.unknown_keys(
        root,
        {
            "group",
            "admins",
            "submissions",
            "schedule",
            "office_hours",
            "outbox",
            "wechaty",
            "wecom",
            "limits",
            "cards",
            "office",
            "web",
        },
        "",
    )
    group = f.mapping(root.get("group"), "group")
    f.unknown_keys(group, {"topics", "ids"}, "group")
    topics = tuple(f.texts(group.get("topics"), "group.topics"))
    ids = tuple(f.texts(group.get("ids"), "group.ids"))
    if not topics and not ids:
        f.problem(
            "group",
            "至少填写一个群名（topics，只用于提示管理员登记哪个群）或群 id（ids）；"
            "群由 ids 或管理员在群里发送 /设为本群 认定",
        )
    admins = []
    raw_admins = root.get("admins")
    if not isinstance(raw_admins, list) or not raw_admins:
        f.problem("admins", "至少需要一位管理员：- {name: 姓名, contact_id: wxid_…}")
        raw_admins = []
    for i, raw in enumerate(raw_admins):
        path = f"admins[{i}]"
        m = f.mapping(raw, path)
        f.unknown_keys(m, {"name", "contact_id"}, path)
        name = f.text(m.get("name"), f"{path}.name")
        contact = f.text(m.get("contact_id"), f"{path}.contact_id")
        if name and contact:
            admins.append(Admin(name, contact))
    subs = f.mapping(root.get("submissions") or {}, "submissions")
    f.unknown_keys(subs, {"duplicate_days", "attach_minutes", "attachment_types"}, "submissions")
    days = f.number(subs.get("duplicate_days", 7), "submissions.duplicate_days", minimum=0)
    minutes = f.number(subs.get("attach_minutes", 10), "submissions.attach_minutes", minimum=0)
    types = tuple(t.lower().lstrip(".") for t in f.texts(subs.get("attachment_types"), "submissions.attachment_types"))
    return BotSettings(
        group_topics=topics,
        group_ids=ids,
        admins=tuple(admins),
        duplicate_days=7 if days is None else days,
        attach_minutes=10 if minutes is None else minutes,
        attachment_types=types or BotSettings.attachment_types,
        schedule=parse_schedule(f, root.get("schedule")),
        office_hours=parse_office_hours(f, root.get("office_hours")),
        outbox=parse_outbox(f, root.get("outbox")),
        wechaty=parse_wechaty(f, root.get("wechaty")),
        wecom=parse_wecom(f, root.get("wecom")),
        limits=parse_limits(f, root.get("limits")),
        cards=parse_cards(f, root.get("cards")),
        office=parse_office(f, root.get("office")),
        web=parse_web(f, root.get("web")),
    )
