"""Walks parsed YAML with a path, so each problem names its file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.settings.errors import Problem

_MISSING = object()


class YamlFile:
    def __init__(self, path: Path):
        self.path = path
        self.name = str(path)
        self.problems: list[Problem] = []

    def load(self, dates_as_text: bool = False) -> Any:
        """The parsed YAML, or None with a problem recorded. `dates_as_text`: 2027-02-30 stays a string for
        the caller to check with its key, instead of failing the whole file in PyYAML's date constructor."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem("", "文件不存在")
            return None
        except UnicodeDecodeError:
            self.problem("", "不是 UTF-8 编码的文本")
            return None
        try:
            return yaml.load(text, Loader=_DatesAsText) if dates_as_text else yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
            reason = getattr(exc, "problem", None) or str(exc)
            self.problem(where, f"YAML 格式错误（{reason}）")
            return None

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.name, path, message))

    def mapping(self, value: Any, path: str) -> dict:
        if isinstance(value, dict):
            return value
        if value is not None:
            self.problem(path, f"应为「键: 值」映射，实际是{_describe(value)}")
        else:
            self.problem(path, "缺少此项")
        return {}

    def text(self, value: Any, path: str, required: bool = True) -> str | None:
        if value is None or value == "":
            if required:
                self.problem(path, "缺少此项")
            return None
        if isinstance(value, (dict, list, bool)):
            self.problem(path, f"应为文字，实际是{_describe(value)}")
            return None
        return str(value).strip()

    def texts(self, value: Any, path: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"应为列表，如 [甲, 乙]，实际是{_describe(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            t = self.text(item, f"{path}[{i}]")
            if t:
                out.append(t)
        return out

    def number(self, value: Any, path: str, minimum: int = 0, required: bool = True) -> int | None:
        if value is None:
            if required:
                self.problem(path, "缺少此项")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"应为整数，实际是{_describe(value)}")
            return None
        if value < minimum:
            self.problem(path, f"应不小于 {minimum}，实际是 {value}")
            return None
        return value

    def seconds(self, value: Any, path: str, default: float, minimum: float = 0.0) -> float:
        """A duration in seconds; int or float. A bad value is reported and the default used."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, f"应为秒数（如 3 或 0.5），实际是{_describe(value)}")
            return default
        if value < minimum:
            self.problem(path, f"应不小于 {minimum:g}，实际是 {value}")
            return default
        return float(value)

    def year(self, key: Any, path: str) -> int | None:
        if isinstance(key, bool) or not isinstance(key, int) or not 2000 <= key <= 2100:
            self.problem(path, f"年度应为四位数字，如 2019，实际是「{key}」")
            return None
        return key

    def unknown_keys(self, mapping: dict, allowed: set[str], path: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem(f"{path}.{key}" if path else str(key), f"未知的配置项。可用：{'、'.join(sorted(allowed))}")


class _DatesAsText(yaml.SafeLoader):
    pass


def _timestamp_as_text(loader: _DatesAsText, node: yaml.Node) -> Any:
    return loader.construct_yaml_str(node)


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {value}"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    return f"「{value}」"
