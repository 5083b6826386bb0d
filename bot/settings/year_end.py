"""The year-end rules a year's ruleset may set (scoring.yaml `rules.<year>.year_end`).

The 2018 document asks for research both 「每半年要上报1篇高质量的调研报告和经验专期」 (一) and
「每个单位选取1个课题上报一篇调研报告」 (一（一）4, 附件2). Where it is ambiguous the stricter reading
is the default: a report and a 经验专期 in each half-year.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings.reader import YamlFile

PER_HALF, PER_YEAR, NOT_REQUIRED = "per_half", "per_year", "none"
SPANS = {PER_HALF: "每半年", PER_YEAR: "每年", NOT_REQUIRED: "不要求"}


@dataclass(frozen=True)
class YearEndRules:
    reports: str = PER_HALF  # 调研报告: per_half | per_year
    specials: str = PER_HALF  # 经验专期: per_half | per_year | none
    key_work_publications: bool = True  # 一镇五办 etc.: a 市级专期 and a 《上街政研》 article in the year
    people_min_adopted: int = 3  # 先进个人 candidates: at least this many items adopted
    people_top: int = 5  # how many candidates by adopted items, and how many by rate


_KEYS = {"research_reports", "experience_specials", "key_work_publications", "people_min_adopted", "people_top"}


def parse_year_end(f: YamlFile, raw: object, path: str) -> YearEndRules:
    if raw is None:
        return YearEndRules()
    m = f.mapping(raw, path)
    f.unknown_keys(m, _KEYS, path)
    default = YearEndRules()
    reports = _span(f, m.get("research_reports", default.reports), f"{path}.research_reports", (PER_HALF, PER_YEAR))
    specials = _span(
        f,
        m.get("experience_specials", default.specials),
        f"{path}.experience_specials",
        (PER_HALF, PER_YEAR, NOT_REQUIRED),
    )
    key_work = m.get("key_work_publications", default.key_work_publications)
    if not isinstance(key_work, bool):
        f.problem(f"{path}.key_work_publications", f"应为 true 或 false，实际是「{key_work}」")
        key_work = default.key_work_publications
    least = f.number(m.get("people_min_adopted", default.people_min_adopted), f"{path}.people_min_adopted")
    top = f.number(m.get("people_top", default.people_top), f"{path}.people_top", minimum=1)
    return YearEndRules(
        reports or default.reports,
        specials or default.specials,
        key_work,
        default.people_min_adopted if least is None else least,
        default.people_top if top is None else top,
    )


def _span(f: YamlFile, value: object, path: str, allowed: tuple[str, ...]) -> str | None:
    if value in allowed:
        return str(value)
    f.problem(path, f"应为 {'、'.join(f'{a}（{SPANS[a]}）' for a in allowed)} 之一，实际是「{value}」")
    return None
