"""Checks that turn missed duties into proposed deductions for the admins to confirm:
约稿 past their deadline, and units that did not replace a departed liaison in time."""

from __future__ import annotations

from datetime import time

from bot.model.message import Outgoing
from bot.chat.decisions import proposal_prompt
from bot.office.liaison_changes import KIND
from bot.chat.hints import confirm_hint
from bot.jobs.declare import job


@job("solicitation_deadlines", "约稿截止检查", {"minute": "*/5"}, default_time=time(18, 0))
def solicitation_deadlines(app, now) -> list[Outgoing]:
    posts = []
    with app.store.atomic():
        for s, proposals in app.office.solicitations.close_due(now):
            on_time = [
                f"{t.unit}（{t.answered_at:%-m月%-d日 %H:%M} 报送 #{t.submission_id}）"
                for t in s.targets
                if not t.refused and not t.late(s.deadline)
            ]
            lines = [
                f"{s.label}已于 {s.deadline:%-m月%-d日 %H:%M} 截止，约稿单位 {len(s.targets)} 个。",
                f"按时报送：{'、'.join(on_time) or '无'}",
            ]
            if proposals:
                lines.append("迟报、未报或拒不配合，提议扣分：")
                lines += [app.office.proposals.describe(p) for p in proposals]
                lines.append(confirm_hint(proposals))
            else:
                lines.append("各单位均已按时报送。")
            text = "\n".join(lines)
            prompts = tuple(proposal_prompt(app.office, p) for p in proposals)
            posts += [
                (out, f"solicitation:{s.id}:closed:{out.contact_id}")
                for out in app.office.notices.to_admins(text, prompts)
            ]
        return app.office.notices.post(posts)


@job("liaison_changes", "信息员变动检查", {"hour": 9, "minute": 30}, workdays=3)
def liaison_changes(app, now) -> list[Outgoing]:
    posts = []
    with app.store.atomic():
        for change in app.office.liaison_changes.overdue(now):
            note = f"{change.describe()}，逾期未绑定"
            p = app.office.proposals.propose(change.unit, KIND, change.deadline, note, change.source)
            if p is None:
                continue  # proposed before (and perhaps already decided)
            text = f"{note}。提议扣分：\n{app.office.proposals.describe(p)}\n{confirm_hint([p])}"
            posts += [
                (out, f"proposal:{p.id}:{out.contact_id}")
                for out in app.office.notices.to_admins(text, (proposal_prompt(app.office, p),))
            ]
        return app.office.notices.post(posts)
