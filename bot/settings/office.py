"""The `office:` section of bot.yaml: who issues the bulletins and signs the letters, and how replies name
the group. Nothing else in the code names the office."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings.reader import YamlFile


@dataclass(frozen=True)
class OfficeSettings:
    issuer: str = "中共上街区委办公室"  # the bulletins' and notices' issuer line
    signature: str = "——中共上街区委办公室信息调研科"  # the end of the letters to units' leaders
    group_label: str | None = None  # how replies name the group (default: group.topics[0])


def parse_office(f: YamlFile, raw: object, path: str = "office") -> OfficeSettings:
    m = f.mapping(raw or {}, path)
    f.unknown_keys(m, {"issuer", "signature", "group_label"}, path)
    values = {}
    for key in ("issuer", "signature", "group_label"):
        if key in m and (text := f.text(m[key], f"{path}.{key}")):
            values[key] = text
    return OfficeSettings(**values)
