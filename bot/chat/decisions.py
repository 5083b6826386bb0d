"""The office's one-tap decisions: the prompts a message offers (each action is the command an admin
could type), and, once a matter is decided, the line that says what was done, by whom and when
(「已确认扣分 −5（李四，12月5日 10:02）」), which a card shows in place of its buttons."""

from __future__ import annotations

from datetime import date, datetime

from bot.common.text import person
from bot.model.actions import OTHER, Action, Prompt
from bot.office.emergencies import Emergency, span
from bot.office.members import REJECTED
from bot.office.pledges import Pledge
from bot.office.proposals import Proposal


def proposal_prompt(office, p: Proposal) -> Prompt:
    reasons = office.config.bot.cards.dismiss_reasons
    return Prompt(
        f"扣分提议 #{p.id} {p.unit} −{office.proposals.points(p)}",
        f"proposal:{p.id}",
        (Action("确认扣分", f"/确认扣分 {p.id}"), Action("不扣分", f"/不扣分 {p.id}", (*reasons, OTHER))),
        f"{p.kind}：{p.note}",
    )


def binding_prompt(binding) -> Prompt:
    return Prompt(
        f"绑定申请 #{binding.id}",
        f"binding:{binding.id}",
        (Action("确认", f"/确认绑定 {binding.id}"), Action("拒绝", f"/拒绝绑定 {binding.id}")),
        f"{person(binding.contact_name, binding.contact_id)}申请成为「{binding.unit}」的信息员",
    )


def pledge_prompt(p: Pledge) -> Prompt:
    return Prompt(f"承诺书：{p.unit}", f"pledge:{p.id}", (Action("已签订承诺书", f"/承诺书 {p.unit}"),), p.describe())


def oral_prompt(e: Emergency) -> Prompt:
    return Prompt(
        f"紧急信息 #{e.id} 口头报告",
        f"oral:{e.id}",
        (Action("已收到口头报告", f"/口头报告 {e.id}"), Action("未口头报告", f"/口头报告 {e.id} 未报")),
        f"{e.unit}《{e.title}》：事发后 1 小时内应口头报告。收到时点「已收到口头报告」，记下点击的时间。",
    )


def outcome(office, subject: str) -> str | None:
    """What became of a matter, for people to read; None while it is still open (or unknown)."""
    kind, _, key = subject.partition(":")
    if not key.isdigit():
        return None
    return {"proposal": _proposal, "binding": _binding, "pledge": _pledge, "oral": _oral}.get(kind, lambda *_: None)(
        office, int(key)
    )


def _who(office, contact_id: str | None, at: str | datetime | date | None) -> str:
    name = office.config.bot.admin_name(contact_id or "")
    if isinstance(at, str):
        at = datetime.fromisoformat(at) if "T" in at else date.fromisoformat(at)
    when = f"{at:%-m月%-d日 %H:%M}" if isinstance(at, datetime) else f"{at:%-m月%-d日}" if at else ""
    return f"（{name}，{when}）" if when else f"（{name}）"


def _proposal(office, proposal_id: int) -> str | None:
    p = office.proposals.get(proposal_id)
    if p is None or p.status == "pending":
        return None
    who = _who(office, p.decided_by, p.decided_at)
    if p.status == "confirmed":
        return f"已确认扣分 −{office.proposals.points_of(p.kind, p.date)}{who}"
    return f"已决定不扣分：{p.reason}{who}"


def _binding(office, binding_id: int) -> str | None:
    b = office.members.request_of(binding_id)
    if b is None:
        return None
    if b.confirmed_at:
        return f"已确认绑定：{b.contact_name} → {b.unit}{_who(office, b.confirmed_by, b.confirmed_at)}"
    if b.ended_at and (b.ended_reason or "").startswith(REJECTED):
        reason = (b.ended_reason or "").removeprefix(REJECTED).lstrip("：")
        return f"已拒绝绑定申请{('：' + reason) if reason else ''}{_who(office, b.ended_by, b.ended_at)}"
    if b.ended_at:
        return f"绑定申请已失效：{b.ended_reason}"
    return None


def _pledge(office, pledge_id: int) -> str | None:
    p = office.pledges.get(pledge_id)
    if p is None or p.signed_on is None:
        return None
    return f"已签订承诺书：{p.unit}于 {p.signed_on:%-m月%-d日} 签订（{office.config.bot.admin_name(p.signed_by or '')} 登记）"


def _oral(office, emergency_id: int) -> str | None:
    row = office.store.emergency(emergency_id)
    if row is None:
        return None
    oral = office.emergencies.get(emergency_id).oral
    if oral is None:
        return None
    who = _who(office, oral.by, oral.noted_at)
    if oral.at is None:
        return f"未口头报告{who}"
    delay = f"，距事发 {span(oral.delay)}" if oral.delay is not None else ""
    return f"已收到口头报告 {oral.at:%-m月%-d日 %H:%M}{delay}{who}"
