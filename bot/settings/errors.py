"""Configuration errors that name the file and the key, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} 的 {self.path}" if self.path else self.file
        return f"{where}：{self.message}"


class ConfigError(Exception):
    """All problems found in the configuration, so one run reports them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"配置有 {len(self.problems)} 处错误，机器人未启动："]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)
