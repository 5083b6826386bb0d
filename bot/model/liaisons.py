"""What the store knows about each liaison's year, and the figures computed from it (bot/scoring/liaisons.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction


@dataclass(frozen=True)
class LiaisonBinding:
    """A confirmed binding of a contact to a unit, from `since` until `until` (None: still bound)."""

    contact_id: str
    name: str
    unit: str
    since: datetime
    until: datetime | None = None


@dataclass(frozen=True)
class SentItem:
    """A recorded #报送 (or #约稿 / #调研 / #紧急, which record one too). `channel` is set when an admin
    recorded it on a unit's behalf (邮件、QQ、电话): such items count for the unit, not for a person."""

    id: int
    unit: str
    sender_id: str
    title: str
    at: datetime
    channel: str | None = None


@dataclass(frozen=True)
class SolicitationAnswer:
    """A unit's first answer to a 约稿, by whom and when, against its deadline."""

    solicitation_id: int
    unit: str
    answered_by: str
    answered_at: datetime
    deadline: datetime


@dataclass(frozen=True)
class EmergencyReport:
    """A written 紧急信息 report; `event_at` is the event time it states (None when it gives none)."""

    id: int
    unit: str
    sender_id: str
    at: datetime
    event_at: datetime | None = None


@dataclass(frozen=True)
class LiaisonFigures:
    """One liaison's year: what they sent, what of it was adopted (by level), 约稿 and 紧急信息."""

    contact_id: str
    name: str
    units: tuple[str, ...]  # every unit they were bound to in the year, in order
    sent: int = 0
    adopted: int = 0  # items (submissions) adopted at any level
    by_level: dict[str, int] = field(default_factory=dict)  # 区/市/省 → items adopted at that level
    solicitations: int = 0  # 约稿 answered
    solicitations_on_time: int = 0
    emergencies: int = 0  # 紧急信息 written reports
    emergencies_in_time: int = 0

    @property
    def unit(self) -> str:
        """The unit they served last in the year (whose 评先资格 their candidacy follows)."""
        return self.units[-1]

    @property
    def rate(self) -> Fraction:
        """采用率: items adopted ÷ items sent (0 when nothing was sent)."""
        return Fraction(self.adopted, self.sent) if self.sent else Fraction(0)

    @property
    def percent(self) -> str:
        """采用率 as people write it: 37.5%, or 40%."""
        return f"{float(self.rate) * 100:.1f}".removesuffix(".0") + "%"


@dataclass(frozen=True)
class LiaisonYear:
    year: int
    liaisons: list[LiaisonFigures]
    proxied: int = 0  # items an admin recorded for a unit: the unit's, nobody's in particular


@dataclass(frozen=True)
class Contact:
    """A person the bot may have to write to, and when he last wrote to the bot one-to-one on 企业微信
    (the push rule: a private message reaches only someone who has; None: never)."""

    role: str  # 信息员, 分管领导, 主要领导…
    name: str | None
    contact_id: str
    last_wrote: datetime | None


@dataclass(frozen=True)
class UnitContacts:
    unit: str
    liaisons: tuple[Contact, ...]
    leaders: tuple[Contact, ...]
