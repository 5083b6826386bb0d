"""Passwordless login to the office's desk: an admin's /后台 gives a one-time link; the link starts a session.

Only SHA-256 hashes of the random secrets are stored. Every check asks config/bot.yaml whether the contact is
still an admin, so removing an admin there ends their access at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.common.clock import Clock
from bot.common.errors import Step, UserError
from bot.settings import Config
from bot.store import Store

LINK_MINUTES = 10
SESSION_HOURS = 8
LINKS_PER_WINDOW = 5  # links one admin may ask for within LINK_MINUTES
LOGIN_PATH = "/login"


class LoginRefused(UserError):
    """A link that cannot be given or cannot start a session; the message says why, in Chinese, and the step
    (a new link, or the latest one) is worded by each front: the chat, the desk's login page, the CLI."""

    show_usage = False


NEW_LINK = Step("desk_new_link")


@dataclass(frozen=True)
class Session:
    secret: str  # goes into the cookie, never stored
    contact_id: str
    expires: datetime


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class DeskLogins:
    def __init__(self, config: Config, store: Store, clock: Clock):
        self.config = config
        self.store = store
        self.clock = clock

    def is_admin(self, contact_id: str) -> bool:
        return contact_id in self.config.bot.admin_ids

    def link(self, contact_id: str) -> str:
        """A new one-time link for an admin. Raises LoginRefused past LINKS_PER_WINDOW in LINK_MINUTES."""
        now = self.clock.now()
        window = timedelta(minutes=LINK_MINUTES)
        if self.store.desk_tokens_since(contact_id, now - window) >= LINKS_PER_WINDOW:
            raise LoginRefused(f"{LINK_MINUTES} 分钟内最多要 {LINKS_PER_WINDOW} 次登录链接。", Step("desk_latest_link"))
        token = secrets.token_urlsafe(32)
        with self.store.atomic():
            self.store.add_desk_token(_hash(token), contact_id, now, now + window)
        return f"{self.config.bot.web.public_url}{LOGIN_PATH}?t={token}"

    def redeem(self, token: str) -> Session:
        """Use a link once: a new session bound to its admin, or LoginRefused saying why not."""
        now = self.clock.now()
        with self.store.atomic():
            row = self.store.desk_token(_hash(token)) if token else None
            if row is None:
                raise LoginRefused("登录链接无效。", NEW_LINK)
            if row["used_at"]:
                raise LoginRefused("这个登录链接已经用过了（每个链接只能用一次）。", NEW_LINK)
            if datetime.fromisoformat(row["expires_at"]) <= now:
                raise LoginRefused(f"这个登录链接已过期（有效期 {LINK_MINUTES} 分钟）。", NEW_LINK)
            if not self.is_admin(row["contact_id"]):
                raise LoginRefused("该账号已不是区委办信息科管理员，不能登录后台。")
            if not self.store.use_desk_token(row["token_hash"], now):
                raise LoginRefused("这个登录链接已经用过了（每个链接只能用一次）。", NEW_LINK)
            secret = secrets.token_urlsafe(32)
            expires = now + timedelta(hours=SESSION_HOURS)
            self.store.add_desk_session(_hash(secret), row["contact_id"], now, expires)
        return Session(secret, row["contact_id"], expires)

    def who(self, secret: str | None) -> str | None:
        """The admin a session cookie stands for, or None: unknown, ended, expired, or no longer an admin."""
        if not secret:
            return None
        row = self.store.desk_session(_hash(secret))
        if row is None or row["ended_at"] or datetime.fromisoformat(row["expires_at"]) <= self.clock.now():
            return None
        return row["contact_id"] if self.is_admin(row["contact_id"]) else None

    def end(self, contact_id: str) -> int:
        """End all of an admin's sessions (/后台 退出, or 退出 on the desk); how many were open."""
        with self.store.atomic():
            return self.store.end_desk_sessions(contact_id, self.clock.now())
