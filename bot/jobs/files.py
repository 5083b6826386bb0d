"""A file sent with no #报送 before it was acknowledged at once, asking for one within the window
(submissions.attach_minutes). If none came, the sender is reminded once; the file stays stored."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.chat.hints import hint
from bot.common.errors import Step
from bot.jobs.declare import job
from bot.model.message import Outgoing

LOOKBACK = timedelta(days=1)  # files older than this are not reminded of (say, after a long outage)


@job("loose_files", "未报送文件提醒", {"minute": "*"})
def loose_file_reminders(app, now: datetime) -> list[Outgoing]:
    minutes = app.config.bot.attach_minutes
    due = now - timedelta(minutes=minutes)
    posts = []
    for row in app.store.loose_attachments_between(due - LOOKBACK, due):
        text = (
            f"您发来的文件「{row['file_name']}」已保存，但 {minutes} 分钟内没有收到您的报送，它还没有附到任何报送上。"
            + hint(Step("submit_with_file", (str(minutes),)))
        )
        posts.append((Outgoing(text, contact_id=row["sender_id"]), f"file-reminder:{row['id']}"))
    return app.office.notices.post(posts)
