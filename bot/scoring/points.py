"""What one fact is worth under the rules of its year."""

from __future__ import annotations

from bot.model import facts
from bot.model.facts import Entry
from bot.settings.rules import RuleSet


def entry_points(entry: Entry, rules: RuleSet) -> int:
    """Signed points of a fact before dedupe and reversal; raises KeyError if the rules lack it (or the
    fact lacks the field its kind names it by: KeyError(None), as the lookup of an empty name would)."""
    q = entry.quantity
    if entry.kind == facts.ADOPTION:
        if entry.publication is None or entry.grade is None:
            raise KeyError(None)
        return rules.publications[entry.publication].points[entry.grade] * q
    if entry.kind == facts.INSTRUCTION:
        if entry.level is None:
            raise KeyError(None)
        return rules.instructions[entry.level] * q
    if entry.kind == facts.TRAINING:
        return rules.training_per_person * q
    if entry.kind == facts.AWARD:
        if entry.award_kind is None:
            raise KeyError(None)
        return rules.awards[entry.award_kind] * q
    if entry.kind == facts.DEDUCTION:
        if entry.deduction_kind is None:
            raise KeyError(None)
        return -rules.deductions[entry.deduction_kind].points * q
    if entry.kind == facts.COMMON_TASK:
        return entry.task_points or 0
    return 0
