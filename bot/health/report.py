"""One doctor check's outcome, and the summary's exit code."""

from __future__ import annotations

from dataclasses import dataclass

PASS, WARN, FAIL, SKIP = "通过", "警告", "失败", "跳过"


@dataclass(frozen=True)
class Check:
    status: str
    title: str
    detail: str

    def line(self) -> str:
        return f"[{self.status}] {self.title}：{self.detail}"


def exit_code(checks: list[Check]) -> int:
    """1 when any check failed; warnings and skipped checks do not stop a start."""
    return 1 if any(c.status == FAIL for c in checks) else 0


def summary(checks: list[Check]) -> str:
    counts = "，".join(f"{s} {sum(c.status == s for c in checks)}" for s in (PASS, WARN, FAIL, SKIP))
    verdict = "有失败项，请先处理后再启动。" if exit_code(checks) else "可以启动。"
    return f"共 {len(checks)} 项：{counts}。{verdict}"
