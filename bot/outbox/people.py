"""Who a contact is, in words a person reads: 企业微信 gives the bot userids, never names, so names come
from config/bot.yaml (admins), config/units.yaml (leaders) and the liaisons' bindings."""

from __future__ import annotations


def name_of(config, store, contact_id: str) -> str:
    """A person's name (「张三」), or the id when nothing names him."""
    return _known(config, store, contact_id)[1] or contact_id


def describe(config, store, contact_id: str) -> str:
    """「环保局 分管领导 王某」, 「济办 信息员 张三」, 「管理员 高歌」; the id when nothing names him."""
    label, name = _known(config, store, contact_id)
    return " ".join(p for p in (label, name or contact_id) if p)


def _known(config, store, contact_id: str) -> tuple[str, str | None]:
    for admin in config.bot.admins:
        if admin.contact_id == contact_id:
            return "管理员", admin.name
    for unit in config.units:
        for leader in unit.leaders:
            if leader.contact_id == contact_id:
                return f"{unit.name} {leader.role}", leader.name
        if contact_id in unit.liaisons:
            return f"{unit.name} 信息员", store.last_display_name(contact_id)
    binding = store.active_binding(contact_id)
    if binding is not None:
        name = binding.get("contact_name")
        if not name or name == contact_id:
            name = store.last_display_name(contact_id)
        return f"{binding['unit']} 信息员", name
    return "", store.last_display_name(contact_id)
