"""The office's scoring rules as data, keyed by the year they take effect."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from bot.settings.names import NameIndex, UnknownName
from bot.settings.reader import YamlFile
from bot.settings.year_end import YearEndRules, parse_year_end
from bot.common.text import name_key

LEVELS = ("区", "市", "省")
# Rule names the bot itself proposes or lists; every ruleset must define them.
SOLICITATION_LATE = "约稿迟报"
SOLICITATION_REFUSED = "约稿拒不配合"
LIAISON_CHANGE_LATE = "联系人变动未报"
EMERGENCY_PREFIX = "紧急信息"
QUALITY_AWARD = "优质信息"
# Column groups of the office's bulletin that are split by grade.
LEVEL_COLUMNS = {"区": "区委采用", "市": "市委采用", "省": "省委采用"}


V = TypeVar("V")


def rule(table: Mapping[str, V], name: str | None) -> V:
    """`table[name]` for a field a fact of its kind always has (an adoption's publication and grade…):
    KeyError, as for a name the rules lack, when the field is empty."""
    if name is None:
        raise KeyError(name)
    return table[name]


_ROMAN = {
    "1": "Ⅰ",
    "一": "Ⅰ",
    "2": "Ⅱ",
    "二": "Ⅱ",
    "3": "Ⅲ",
    "三": "Ⅲ",
    "4": "Ⅳ",
    "四": "Ⅳ",
    "１": "Ⅰ",
    "２": "Ⅱ",
    "３": "Ⅲ",
    "４": "Ⅳ",
}
_GRADE_NUMERAL = re.compile(r"([1-4一二三四１-４])(?=\s*级)")


@dataclass(frozen=True)
class Publication:
    name: str
    level: str
    column: str
    points: dict[str, int]
    title: str | None = None
    aliases: tuple[str, ...] = ()
    dedupe: str | None = None

    @property
    def display(self) -> str:
        return f"《{self.title}》（{self.level}委）" if self.title else f"《{self.name}》"

    @property
    def grades(self) -> list[str]:
        return list(self.points)

    def resolve_grade(self, given: str | None) -> str:
        """The grade as configured; a publication with one grade needs none typed."""
        key = name_key(given or "")
        if not key and len(self.points) == 1:
            return next(iter(self.points))
        for grade in self.points:
            if name_key(grade) == key:
                return grade
        raise UnknownName(f"{self.display}的类型", (given or "").strip(), self.grades, [])


@dataclass(frozen=True)
class DeductionKind:
    name: str
    points: int
    disqualifies: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    year: int
    publications: dict[str, Publication]
    instructions: dict[str, int]
    training_per_person: int
    awards: dict[str, int]
    deductions: dict[str, DeductionKind]
    common_tasks: dict[str, int]
    weekly_quota: dict[str, int]
    year_end: YearEndRules = YearEndRules()
    publication_index: NameIndex = field(init=False, repr=False, compare=False)  # built from the above
    deduction_index: NameIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pubs = [(p.name, (*p.aliases, *((p.title,) if p.title else ()))) for p in self.publications.values()]
        object.__setattr__(self, "publication_index", NameIndex("刊物", pubs))
        kinds = [(d.name, d.aliases) for d in self.deductions.values()]
        object.__setattr__(self, "deduction_index", NameIndex("扣分原因", kinds))

    def publication(self, given: str) -> Publication:
        return self.publications[self.publication_index.resolve(given)]

    def deduction(self, given: str) -> DeductionKind:
        index = self.deduction_index
        try:
            return self.deductions[index.resolve(given)]
        except UnknownName:
            # 「三级」「4级」「紧急信息4级」 are how people write Ⅲ级 and Ⅳ级.
            roman = _GRADE_NUMERAL.sub(lambda m: _ROMAN[m[1]], given or "")
            if roman == given:
                raise
            return self.deductions[index.resolve(roman)]

    def award(self, given: str | None) -> str:
        return NameIndex("奖励", [(a, ()) for a in self.awards]).resolve(given or "")

    def level(self, given: str | None) -> str:
        aliases = [(lv, (f"{lv}委", f"{lv}级", f"{lv}领导")) for lv in self.instructions]
        return NameIndex("批示级别", aliases).resolve(given or "")

    def task(self, given: str | None) -> str:
        return NameIndex("共同任务", [(t, ()) for t in self.common_tasks]).resolve(given or "")


class RuleBook:
    def __init__(self, rulesets: list[RuleSet]):
        self.rulesets = sorted(rulesets, key=lambda r: r.year)

    def for_year(self, year: int) -> RuleSet:
        usable = [r for r in self.rulesets if r.year <= year]
        if not usable:
            first = self.rulesets[0].year if self.rulesets else "（无）"
            raise LookupError(f"{year} 年度没有适用的计分规则：scoring.yaml 最早从 {first} 年度起")
        return usable[-1]

    @property
    def quota_categories(self) -> set[str]:
        return {c for r in self.rulesets for c in r.weekly_quota}


def parse_rules(f: YamlFile, data: object) -> RuleBook:
    root = f.mapping(data, "")
    f.unknown_keys(root, {"rules"}, "")
    rulesets = []
    for key, raw in f.mapping(root.get("rules"), "rules").items():
        year = f.year(key, f"rules.{key}")
        if year is not None:
            rs = _parse_ruleset(f, year, raw, f"rules.{year}")
            if rs is not None:
                rulesets.append(rs)
    if not rulesets and not f.problems:
        f.problem("rules", "至少需要一个年度的规则")
    return RuleBook(rulesets)


_RULESET_KEYS = {
    "publications",
    "instructions",
    "training_per_person",
    "awards",
    "deductions",
    "common_tasks",
    "weekly_quota",
    "year_end",
}


def _parse_ruleset(f: YamlFile, year: int, raw: object, path: str) -> RuleSet | None:
    m = f.mapping(raw, path)
    f.unknown_keys(m, _RULESET_KEYS, path)
    before = len(f.problems)
    publications = {}
    for name, praw in f.mapping(m.get("publications"), f"{path}.publications").items():
        pub = _parse_publication(f, str(name), praw, f"{path}.publications.{name}")
        if pub:
            publications[pub.name] = pub
    instructions = _points_map(f, m.get("instructions"), f"{path}.instructions")
    for lv in instructions:
        if lv not in LEVELS:
            f.problem(f"{path}.instructions.{lv}", f"未知级别「{lv}」。可用：{'、'.join(LEVELS)}")
    training = f.number(m.get("training_per_person"), f"{path}.training_per_person")
    awards = _points_map(f, m.get("awards"), f"{path}.awards")
    deductions = {}
    for name, draw in f.mapping(m.get("deductions"), f"{path}.deductions").items():
        dpath = f"{path}.deductions.{name}"
        dm = f.mapping(draw, dpath)
        f.unknown_keys(dm, {"points", "aliases", "disqualifies"}, dpath)
        pts = f.number(dm.get("points"), f"{dpath}.points")
        if pts is not None:
            deductions[str(name)] = DeductionKind(
                str(name), pts, bool(dm.get("disqualifies")), tuple(f.texts(dm.get("aliases"), f"{dpath}.aliases"))
            )
    common = _points_map(f, m.get("common_tasks"), f"{path}.common_tasks")
    quota = _points_map(f, m.get("weekly_quota"), f"{path}.weekly_quota")
    year_end = parse_year_end(f, m.get("year_end"), f"{path}.year_end")
    for name in (SOLICITATION_LATE, SOLICITATION_REFUSED, LIAISON_CHANGE_LATE):
        if name not in deductions:
            f.problem(f"{path}.deductions", f"缺少扣分项「{name}」（机器人据此提议扣分），请勿删除或改名")
    if not any(name.startswith(EMERGENCY_PREFIX) for name in deductions):
        f.problem(f"{path}.deductions", f"缺少以「{EMERGENCY_PREFIX}」开头的扣分项（紧急信息按级别扣分）")
    if QUALITY_AWARD not in awards:
        f.problem(f"{path}.awards", f"缺少奖励项「{QUALITY_AWARD}」（/优质 和优质信息统计表用它），请勿删除或改名")
    if len(f.problems) > before or training is None:
        return None
    rs = RuleSet(year, publications, instructions, training, awards, deductions, common, quota, year_end)
    for index_name, label in (("publication_index", "publications"), ("deduction_index", "deductions")):
        for spelling, names in getattr(rs, index_name).conflicts().items():
            # 《要情汇报》 is printed by both the district and the city: that one is meant.
            if index_name == "publication_index" and all(publications[n].title for n in names):
                continue
            f.problem(f"{path}.{label}", f"名称或别名「{spelling}」同时指向 {'、'.join(names)}")
    return rs


def _parse_publication(f: YamlFile, name: str, raw: object, path: str) -> Publication | None:
    m = f.mapping(raw, path)
    f.unknown_keys(m, {"level", "column", "points", "title", "aliases", "dedupe"}, path)
    level = f.text(m.get("level"), f"{path}.level")
    if level and level not in LEVELS:
        f.problem(f"{path}.level", f"未知级别「{level}」。可用：{'、'.join(LEVELS)}")
        level = None
    column = f.text(m.get("column"), f"{path}.column")
    points = _points_map(f, m.get("points"), f"{path}.points")
    if not points:
        f.problem(f"{path}.points", "至少需要一种类型及其分值，如 {单条: 4}")
    if not (level and column and points):
        return None
    return Publication(
        name=name,
        level=level,
        column=column,
        points=points,
        title=f.text(m.get("title"), f"{path}.title", required=False),
        aliases=tuple(f.texts(m.get("aliases"), f"{path}.aliases")),
        dedupe=f.text(m.get("dedupe"), f"{path}.dedupe", required=False),
    )


def _points_map(f: YamlFile, raw: object, path: str) -> dict[str, int]:
    out = {}
    for key, value in f.mapping(raw, path).items():
        pts = f.number(value, f"{path}.{key}")
        if pts is not None:
            out[str(key)] = pts
    return out
