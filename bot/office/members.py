"""Who a contact is: an admin (by id, from bot.yaml) and/or a unit's liaison (config or confirmed binding)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.common.clock import Clock
from bot.common.errors import EntryError, Step
from bot.model.liaisons import Contact, UnitContacts
from bot.outbox.people import name_of
from bot.settings import Config
from bot.settings.names import UnknownName
from bot.store import Store


@dataclass(frozen=True)
class Binding:
    id: int
    contact_id: str
    contact_name: str
    unit: str
    # What became of the request: confirmed (by an admin), or ended (unbound, left, or 管理员拒绝…).
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    ended_by: str | None = None
    ended_at: datetime | None = None
    ended_reason: str | None = None


REJECTED = "管理员拒绝"  # how a turned-down request's end reason begins
SYSTEM = "system"  # who ends a binding the transport reports, e.g. a liaison leaving the group


class Members:
    def __init__(self, config: Config, store: Store, clock: Clock):
        self.config = config
        self.store = store
        self.clock = clock
        self._configured = {cid: u.name for u in config.units for cid in u.liaisons}

    def is_admin(self, contact_id: str) -> bool:
        return contact_id in self.config.bot.admin_ids

    def unit_of(self, contact_id: str) -> str | None:
        if contact_id in self._configured:
            return self._configured[contact_id]
        row = self.store.active_binding(contact_id)
        return row["unit"] if row else None

    def liaisons_of(self, unit: str) -> list[str]:
        ids = [cid for cid, u in self._configured.items() if u == unit]
        return ids + [
            r["contact_id"] for r in self.store.active_bindings() if r["unit"] == unit and r["contact_id"] not in ids
        ]

    def pending(self, contact_id: str) -> Binding | None:
        row = self.store.pending_binding(contact_id)
        return _binding(row) if row else None

    def request(self, contact_id: str, contact_name: str, unit_text: str) -> tuple[Binding, bool]:
        """A liaison asks to be bound; returns (request, already_pending_same_unit)."""
        year = self.clock.now().year
        try:
            unit = self.config.units.resolve(unit_text, year).name
        except UnknownName as exc:
            raise EntryError(str(exc)) from None
        current = self.unit_of(contact_id)
        if current == unit:
            raise EntryError(f"您已绑定「{unit}」，无需再绑定。")
        with self.store.atomic():
            pending = self.store.pending_binding(contact_id)
            if pending and pending["unit"] == unit:
                return _binding(pending), True
            if pending:
                self.store.end_binding(pending["id"], contact_id, self.clock.now(), f"改为申请绑定{unit}")
            new_id = self.store.add_binding(
                {
                    "contact_id": contact_id,
                    "contact_name": contact_name,
                    "unit": unit,
                    "requested_at": self.clock.now().isoformat(),
                }
            )
        return Binding(new_id, contact_id, contact_name, unit), False

    def confirm(self, binding_id: int, admin_id: str) -> tuple[Binding, str | None]:
        """Confirm a request; returns it and the unit the contact was bound to before, if any."""
        with self.store.atomic():
            row = self._open_request(binding_id)
            previous = self.store.active_binding(row["contact_id"])
            now = self.clock.now()
            if previous:
                self.store.end_binding(previous["id"], admin_id, now, f"改绑到{row['unit']}")
            self.store.confirm_binding(binding_id, admin_id, now)
        return _binding(row), previous["unit"] if previous else None

    def reject(self, binding_id: int, admin_id: str, reason: str) -> Binding:
        """Turn a request down: it ends unconfirmed, with the reason (the applicant may ask again)."""
        with self.store.atomic():
            row = self._open_request(binding_id)
            self.store.end_binding(
                binding_id, admin_id, self.clock.now(), f"{REJECTED}：{reason}" if reason else REJECTED
            )
        return _binding(row)

    def request_of(self, binding_id: int) -> Binding | None:
        """A request with what became of it (confirmed, or ended and why)."""
        row = self.store.binding(binding_id)
        return _binding(row) if row else None

    def _open_request(self, binding_id: int) -> dict:
        row = self.store.binding(binding_id)
        if row is None:
            raise EntryError(f"没有绑定申请 #{binding_id}。")
        if row["ended_at"]:
            raise EntryError(f"绑定申请 #{binding_id} 已失效（{row['ended_reason']}）。")
        if row["confirmed_at"]:
            raise EntryError(f"绑定申请 #{binding_id} 已于 {row['confirmed_at'][:16].replace('T', ' ')} 确认。")
        return row

    def unbind(self, contact_id: str, by: str, reason: str) -> Binding:
        with self.store.atomic():
            row = self.store.active_binding(contact_id)
            if row is None:
                configured = self._configured.get(contact_id)
                hint = (
                    f"（该联系人在 units.yaml 中配置为「{configured}」的信息员，请在配置中删除）" if configured else ""
                )
                raise EntryError(f"联系人 {contact_id} 没有已确认的绑定{hint}。")
            self.store.end_binding(row["id"], by, self.clock.now(), reason)
        return _binding(row)

    def find_liaison(self, given: str) -> str:
        """The contact id a /解绑 means: a contact id, a unit's only liaison, or a display name.

        A name that fits several liaisons is refused with the choices, so nobody is unbound by a guess."""
        given = given.strip()
        if self.store.active_binding(given) or given in self._configured:
            return given
        try:
            unit = self.config.units.resolve(given).name
        except UnknownName:
            unit = None
        if unit is not None:
            rows = [r for r in self.store.active_bindings() if r["unit"] == unit]
            if not rows:
                raise EntryError(f"「{unit}」没有已确认绑定的信息员。", Step("roster_unit", (unit,)))
            if len(rows) > 1:
                raise EntryError(
                    f"「{unit}」有 {len(rows)} 位信息员：{_choices(rows)}。请写明解绑哪一位，",
                    Step("unbind_by_id", (rows[0]["contact_id"],)),
                )
            return rows[0]["contact_id"]
        rows = self.store.bindings_named(given)
        if len(rows) == 1:
            return rows[0]["contact_id"]
        if len(rows) > 1:
            raise EntryError(
                f"昵称「{given}」有 {len(rows)} 位信息员：{_choices(rows)}。请写明联系人 id，",
                Step("unbind_by_id", (rows[0]["contact_id"],)),
            )
        raise EntryError(f"找不到「{given}」：它不是已绑定信息员的昵称、联系人 id，也不是单位名。", Step("roster"))

    def name_of(self, contact_id: str) -> str | None:
        """The person's name from config/bot.yaml, units.yaml or the binding; None when nothing names him
        (企业微信 gives the bot userids only)."""
        name = name_of(self.config, self.store, contact_id)
        return None if name == contact_id else name

    def contacts(self, year: int, unit: str | None = None) -> list[UnitContacts]:
        """Per assessed unit (or just `unit`): its liaisons and leaders, and whether each can be written to."""

        def contact(role: str, name: str | None, cid: str) -> Contact:
            return Contact(role, name if name and name != cid else self.name_of(cid), cid, self.store.last_wrote(cid))

        units, _ = self.roster(year)
        found = []
        for u in self.config.units.assessed(year):
            if unit is None or u.name == unit:
                found.append(
                    UnitContacts(
                        u.name,
                        tuple(contact("信息员", None, cid) for _, cid in units.get(u.name, [])),
                        tuple(contact(lead.role, lead.name, lead.contact_id) for lead in u.leaders),
                    )
                )
        return found

    def roster(self, year: int) -> tuple[dict[str, list[tuple[str, str]]], list[Binding]]:
        """Every assessed unit with its liaisons as (display name, contact id); and pending requests."""
        units: dict[str, list[tuple[str, str]]] = {u.name: [] for u in self.config.units.assessed(year)}
        for contact_id, unit in self._configured.items():
            units.setdefault(unit, []).append((self.store.last_display_name(contact_id) or contact_id, contact_id))
        for row in self.store.active_bindings():
            if contact_id_listed(units, row):
                continue
            units.setdefault(row["unit"], []).append((row["contact_name"] or row["contact_id"], row["contact_id"]))
        return units, [_binding(r) for r in self.store.pending_bindings()]

    def left_group(self, contact_id: str) -> Binding | None:
        """A liaison left the group: end their binding. None if they were not bound."""
        with self.store.atomic():
            row = self.store.active_binding(contact_id)
            if row is None:
                return None
            self.store.end_binding(row["id"], SYSTEM, self.clock.now(), "退出群聊")
        return _binding(row)


def contact_id_listed(units: dict[str, list[tuple[str, str]]], row: dict) -> bool:
    return any(cid == row["contact_id"] for people in units.values() for _, cid in people)


def _choices(rows: list[dict]) -> str:
    return "、".join(f"{r['contact_name'] or r['contact_id']}（{r['contact_id']}，{r['unit']}）" for r in rows)


def _binding(row: dict) -> Binding:
    def moment(name: str) -> datetime | None:
        return datetime.fromisoformat(row[name]) if row.get(name) else None

    return Binding(
        row["id"],
        row["contact_id"],
        row["contact_name"] or row["contact_id"],
        row["unit"],
        row.get("confirmed_by"),
        moment("confirmed_at"),
        row.get("ended_by"),
        moment("ended_at"),
        row.get("ended_reason"),
    )
