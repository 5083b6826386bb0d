"""调研课题 (附件1 选题范围): numbered topics in sections, keyed by the year they take effect."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings.reader import YamlFile


@dataclass(frozen=True)
class Topic:
    number: int
    name: str
    section: str


class TopicBook:
    def __init__(self, by_year: dict[int, list[Topic]]):
        self.by_year = dict(sorted(by_year.items()))

    def for_year(self, year: int) -> list[Topic]:
        """The latest list configured for `year` or earlier; empty when none."""
        known = [y for y in self.by_year if y <= year]
        return self.by_year[max(known)] if known else []

    def get(self, year: int, number: int) -> Topic | None:
        return next((t for t in self.for_year(year) if t.number == number), None)


def parse_topics(f: YamlFile, data: object) -> TopicBook:
    root = f.mapping(data, "")
    f.unknown_keys(root, {"topics"}, "")
    out: dict[int, list[Topic]] = {}
    for key, raw in f.mapping(root.get("topics"), "topics").items():
        year = f.year(key, f"topics.{key}")
        if year is None:
            continue
        path = f"topics.{year}"
        if not isinstance(raw, list) or not raw:
            f.problem(path, "应为部分列表，每项形如 {section: （一）全面从严治党, topics: {1: 基层党建}}")
            continue
        seen: set[int] = set()
        topics = []
        for i, part in enumerate(raw):
            ppath = f"{path}[{i}]"
            m = f.mapping(part, ppath)
            f.unknown_keys(m, {"section", "topics"}, ppath)
            section = f.text(m.get("section"), f"{ppath}.section")
            for number, name in f.mapping(m.get("topics"), f"{ppath}.topics").items():
                if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                    f.problem(f"{ppath}.topics.{number}", "课题号应为不小于 0 的整数")
                    continue
                if number in seen:
                    f.problem(f"{ppath}.topics.{number}", f"课题号 {number} 在 {year} 年度重复")
                    continue
                title = f.text(name, f"{ppath}.topics.{number}")
                if title and section:
                    seen.add(number)
                    topics.append(Topic(number, title, section))
        out[year] = topics
    return TopicBook(out)
