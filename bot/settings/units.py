"""Assessed units (单位): categories, aliases, yearly targets, liaisons and leaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.common.text import name_key
from bot.settings.names import NameIndex
from bot.settings.reader import YamlFile

LEADER_ROLES = ("分管领导", "一把手")


@dataclass(frozen=True)
class Target:
    total: int
    province: int | None = None
    city: int | None = None
    year: int = 0  # the year this target was configured for (it carries forward)


@dataclass(frozen=True)
class Leader:
    role: str
    name: str
    contact_id: str


@dataclass(frozen=True)
class Unit:
    name: str
    order: int
    category: str
    aliases: tuple[str, ...] = ()
    targets: dict[int, Target | None] = field(default_factory=dict)
    liaisons: tuple[str, ...] = ()
    leaders: tuple[Leader, ...] = ()
    # 一镇五办及承担重点工作的部门: each year a 市级专期 and a 《上街政研》 article are expected of them.
    key_work: bool = False

    def target_for(self, year: int) -> Target | None:
        """The latest target configured for `year` or earlier; None if not assessed."""
        known = [y for y in self.targets if y <= year]
        return self.targets[max(known)] if known else None


ALL_UNITS = ("全体", "全体单位", "全部单位", "所有单位")


class UnitDirectory:
    def __init__(self, units: list[Unit], groups: dict[str, tuple[str, ...]] | None = None):
        self.units = units
        self.groups = groups or {}  # 一镇五办 → categories or unit names
        self._by_name = {u.name: u for u in units}
        self.index = NameIndex("单位", [(u.name, u.aliases) for u in units])

    def __iter__(self):
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def get(self, name: str) -> Unit:
        return self._by_name[name]

    def resolve(self, given: str, year: int | None = None) -> Unit:
        """A unit by name or alias; with `year`, only units assessed that year are valid."""
        index = self.index if year is None else self.index_for(year)
        return self._by_name[index.resolve(given)]

    def assessed(self, year: int) -> list[Unit]:
        return [u for u in self.units if u.target_for(year) is not None]

    def index_for(self, year: int) -> NameIndex:
        return NameIndex("单位", [(u.name, u.aliases) for u in self.assessed(year)])

    def group(self, given: str, year: int) -> list[str] | None:
        """The units a group name stands for (全体, 一镇五办, a category such as 街道办), or None."""
        key = name_key(given)
        assessed = self.assessed(year)
        if key in {name_key(a) for a in ALL_UNITS}:
            return [u.name for u in assessed]
        members = next((m for g, m in self.groups.items() if name_key(g) == key), None)
        if members is None:
            members = (given,) if any(u.category == key for u in assessed) else None
        if members is None:
            return None
        return [u.name for u in assessed if u.category in members or u.name in members]

    def years(self) -> list[int]:
        return sorted({y for u in self.units for y in u.targets})


def parse_units(f: YamlFile, data: object, categories: set[str] | None = None) -> UnitDirectory:
    root = f.mapping(data, "")
    f.unknown_keys(root, {"units", "groups"}, "")
    raw_units = root.get("units")
    if not isinstance(raw_units, list) or not raw_units:
        f.problem("units", "应为单位列表，至少一个单位")
        return UnitDirectory([])
    units: list[Unit] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(raw_units):
        path = f"units[{i}]"
        unit = _parse_unit(f, raw, path, len(units), categories)
        if unit is None:
            continue
        if unit.name in seen:
            f.problem(f"{path}.name", f"单位「{unit.name}」重复（{seen[unit.name]} 已有）")
            continue
        seen[unit.name] = path
        units.append(unit)
    groups = {}
    for group, members in f.mapping(root.get("groups") or {}, "groups").items():
        listed = tuple(f.texts(members, f"groups.{group}"))
        known = {u.name for u in units} | {u.category for u in units}
        for member in listed:
            if member not in known:
                f.problem(f"groups.{group}", f"「{member}」既不是单位名也不是单位类别（category）")
        groups[str(group)] = listed
    directory = UnitDirectory(units, groups)
    for spelling, names in directory.index.conflicts().items():
        f.problem("units", f"别名「{spelling}」同时指向 {'、'.join(names)}，请只保留一个")
    return directory


def _parse_unit(f: YamlFile, raw: object, path: str, order: int, categories: set[str] | None) -> Unit | None:
    m = f.mapping(raw, path)
    f.unknown_keys(m, {"name", "aliases", "category", "targets", "liaisons", "leaders", "key_work"}, path)
    name = f.text(m.get("name"), f"{path}.name")
    category = f.text(m.get("category"), f"{path}.category")
    if category and categories is not None and category not in categories:
        f.problem(
            f"{path}.category",
            f"未知类别「{category}」。可用：{'、'.join(sorted(categories))}（见 scoring.yaml 的 weekly_quota）",
        )
    targets = _parse_targets(f, m.get("targets"), f"{path}.targets")
    leaders = _parse_leaders(f, m.get("leaders"), f"{path}.leaders")
    key_work = m.get("key_work", False)
    if not isinstance(key_work, bool):
        f.problem(f"{path}.key_work", "应为 true 或 false（一镇五办及承担重点工作的部门填 true）")
        key_work = False
    if not name or not category:
        return None
    return Unit(
        name=name,
        order=order,
        category=category,
        aliases=tuple(f.texts(m.get("aliases"), f"{path}.aliases")),
        targets=targets,
        liaisons=tuple(f.texts(m.get("liaisons"), f"{path}.liaisons")),
        leaders=leaders,
        key_work=key_work,
    )


def _parse_targets(f: YamlFile, raw: object, path: str) -> dict[int, Target | None]:
    out: dict[int, Target | None] = {}
    for key, value in f.mapping(raw, path).items():
        year = f.year(key, f"{path}.{key}")
        if year is None:
            continue
        ypath = f"{path}.{year}"
        if value is None:
            out[year] = None
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            value = {"total": value}
        m = f.mapping(value, ypath)
        f.unknown_keys(m, {"total", "province", "city"}, ypath)
        total = f.number(m.get("total"), f"{ypath}.total", minimum=1)
        province = f.number(m.get("province"), f"{ypath}.province", required=False)
        city = f.number(m.get("city"), f"{ypath}.city", required=False)
        if total is not None:
            if (province or 0) + (city or 0) > total:
                f.problem(ypath, f"省、市分目标之和 {(province or 0) + (city or 0)} 超过总目标 {total}")
            out[year] = Target(total=total, province=province, city=city, year=year)
    return dict(sorted(out.items()))


def _parse_leaders(f: YamlFile, raw: object, path: str) -> tuple[Leader, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.problem(path, "应为列表，每项形如 {role: 分管领导, name: 姓名, contact_id: wxid_…}")
        return ()
    leaders = []
    for i, item in enumerate(raw):
        lpath = f"{path}[{i}]"
        m = f.mapping(item, lpath)
        f.unknown_keys(m, {"role", "name", "contact_id"}, lpath)
        role = f.text(m.get("role"), f"{lpath}.role")
        name = f.text(m.get("name"), f"{lpath}.name")
        contact = f.text(m.get("contact_id"), f"{lpath}.contact_id")
        if role and role not in LEADER_ROLES:
            f.problem(f"{lpath}.role", f"未知职务「{role}」。可用：{'、'.join(LEADER_ROLES)}")
            continue
        if role and name and contact:
            leaders.append(Leader(role, name, contact))
    return tuple(leaders)
