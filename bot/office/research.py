"""调研: research reports on the 附件1 topics and 经验专期 per half-year, the key units' yearly 市级专期
and 《上街政研》 article, the year-end prizes, and the −10 for units with no 《上街政研》 submission.

「全区各单位每半年要上报1篇高质量的调研报告和经验专期，一镇五办及承担重点工作的部门要在市级信息调研刊物上
发表专期1篇，在《上街政研》发表调研文章1篇。」 Reports are recorded here (with a submission, so
attachments follow as for #报送); publications come from the ledger's adoptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.common.clock import Clock
from bot.common.errors import EntryError, Step
from bot.model import facts
from bot.model.research import ResearchPrize, UnitResearch
from bot.office.proposals import Proposal, Proposals
from bot.office.submissions import Receipt, Submissions
from bot.settings import Config
from bot.settings.names import UnknownName
from bot.settings.topics import Topic
from bot.store import Store

REPORT, SPECIAL = "调研报告", "经验专期"
SPECIAL_WORDS = ("专期", "经验专期")
OTHER_WORDS = ("其它", "其他")
ZHENGYAN = "上街政研"  # the publication (and bulletin column) of research articles
MISSED_KIND = "未完成年度投稿任务"  # resolved through scoring.yaml's deduction aliases
PRIZE_GRADES = ("一等", "二等", "三等")


def half_of(day: date) -> int:
    return 1 if day.month <= 6 else 2


@dataclass(frozen=True)
class ResearchReport:
    id: int
    unit: str
    kind: str
    topic: Topic | None
    year: int
    half: int
    title: str
    submission_id: int | None


class Research:
    def __init__(self, config: Config, store: Store, clock: Clock, submissions: Submissions, proposals: Proposals):
        self.config = config
        self.store = store
        self.clock = clock
        self.submissions = submissions
        self.proposals = proposals

    # --- topics and reports --------------------------------------------------------------

    def topics(self, year: int) -> list[Topic]:
        return self.config.topics.for_year(year)

    def topic(self, given: str, year: int) -> Topic | None:
        """The topic a liaison names: its number (0 or 其它 for 区委确定的其它重点工作); None for 经验专期."""
        text = given.strip().lstrip("#＃").removeprefix("课题").removesuffix("号")
        if text in SPECIAL_WORDS:
            return None
        topics = self.topics(year)
        if not topics:
            raise EntryError(f"{year} 年度没有配置调研课题（{self.config.file('topics.yaml')}）。")
        if text in OTHER_WORDS:
            text = "0"
        found = self.config.topics.get(year, int(text)) if text.isdigit() and len(text) <= 4 else None
        if found is None:
            raise EntryError(
                f"没有课题号「{given[:20]}」。{year} 年度课题号 {topics[0].number if topics[0].number else 1}—"
                f"{max(t.number for t in topics)}，",
                Step("topics"),
            )
        return found

    def submit(
        self,
        unit: str,
        sender_id: str,
        sender_name: str,
        topic_text: str,
        title: str,
        body: str,
        message_id: str,
        at: datetime,
    ) -> tuple[ResearchReport, Receipt]:
        topic = self.topic(topic_text, at.year)
        kind = SPECIAL if topic is None else REPORT
        with self.store.atomic():
            receipt = self.submissions.submit(unit, sender_id, sender_name, title, body, False, message_id, at)
            earlier = self.store.research_report_for(receipt.submission.id) if receipt.duplicate else None
            if earlier is not None:  # the same report sent again: the one already recorded
                return _report(
                    earlier,
                    self.config.topics.get(earlier["year"], earlier["topic"]) if earlier["topic"] is not None else None,
                ), receipt
            half = half_of(at.date())
            row = {
                "unit": unit,
                "kind": kind,
                "topic": topic.number if topic else None,
                "year": at.year,
                "half": half,
                "title": title,
                "submission_id": receipt.submission.id,
                "sender_id": sender_id,
                "message_id": message_id,
                "at": at.isoformat(),
            }
            new_id = self.store.add_research_report(row)
        return ResearchReport(new_id, unit, kind, topic, at.year, half, title, receipt.submission.id), receipt

    # --- tracking -------------------------------------------------------------------------

    def status(self, year: int, upto: date | None = None) -> list[UnitResearch]:
        """Every unit assessed in `year`, with its reports and the adoptions that count, up to `upto`."""
        return research_status(self.config, self.store, year, upto)

    def missed_kind(self, year: int) -> str:
        try:
            return self.config.rules.for_year(year).deduction(MISSED_KIND).name
        except UnknownName:
            raise EntryError(f"scoring.yaml 中没有「{MISSED_KIND}」扣分项，无法提议扣分。") from None

    def propose_missed(self, year: int) -> list[Proposal]:
        """After the year: −10 proposals for units with no 《上街政研》 submission, each proposed once."""
        kind = self.missed_kind(year)
        proposed = []
        for unit in self.status(year):
            if unit.submitted_to_zhengyan:
                continue
            p = self.proposals.propose(
                unit.unit,
                kind,
                date(year, 12, 31),
                f"{year} 年度未向《上街政研》投稿（未上报调研报告，也无文章被采用）",
                f"research:{year}:{unit.unit}",
            )
            if p is not None:
                proposed.append(p)
        return proposed

    # --- prizes ---------------------------------------------------------------------------

    def prize(self, unit: str, grade: str, title: str, year: int, by: str) -> int:
        grade = grade.removesuffix("奖")
        if grade not in PRIZE_GRADES:
            raise EntryError(f"未知奖项「{grade[:20]}」。可用：{'、'.join(PRIZE_GRADES)}")
        if not title:
            raise EntryError("请写明获奖调研成果的标题，", Step("prize_title"))
        try:
            name = self.config.units.resolve(unit, year).name
        except UnknownName as exc:
            raise EntryError(str(exc)) from None
        with self.store.atomic():
            new_id = self.store.add_research_prize(
                {
                    "unit": name,
                    "year": year,
                    "grade": grade,
                    "title": title,
                    "recorded_by": by,
                    "recorded_at": self.clock.now().isoformat(),
                }
            )
        if new_id is None:
            raise EntryError(f"{name}《{title}》{year} 年度已登记过调研奖。")
        return new_id

    def prizes(self, year: int) -> list[ResearchPrize]:
        return self.store.research_prizes(year)


def research_status(config: Config, store: Store, year: int, upto: date | None = None) -> list[UnitResearch]:
    """Every unit assessed in `year`, with its reports and the adoptions that count, up to `upto`."""
    upto = upto or date(year, 12, 31)
    out = {u.name: UnitResearch(u.name, u.key_work) for u in config.units.assessed(year)}
    for row in store.research_reports(year):
        unit = out.get(row["unit"])
        if unit is not None and datetime.fromisoformat(row["at"]).date() <= upto:
            (unit.reports if row["kind"] == REPORT else unit.specials)[row["half"]].append(row["title"])
    publications = config.rules.for_year(year).publications
    for e in store.live_facts(facts.ADOPTION, date(year, 1, 1), upto):
        unit = out.get(e.unit) if e.unit is not None else None
        if unit is None or e.publication is None:
            continue
        pub = publications.get(e.publication)
        if pub is not None and pub.level == "市" and e.grade == "专期":
            unit.city_specials += e.quantity
        if pub is not None and pub.column == ZHENGYAN:
            unit.articles += e.quantity
    return list(out.values())


def _report(row: dict, topic: Topic | None) -> ResearchReport:
    return ResearchReport(
        row["id"], row["unit"], row["kind"], topic, row["year"], row["half"], row["title"], row["submission_id"]
    )
