"""One rule for 「the same fact already recorded」 on every chat path that records facts (review M3)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.common.errors import RepeatedFact


def test_the_same_emergency_deduction_twice_is_refused_unless_said_again(bot):
    assert "-20 分" in bot.admin("/紧急扣分 济办 一般 漏报")
    again = bot.admin("/紧急扣分 济办 一般 漏报")
    assert again.startswith("未登记：与 #1 相同（济办 扣分：")
    assert "请在命令末尾加「再次」" in again and "用法" not in again
    assert "已登记 #2" in bot.admin("/紧急扣分 济办 一般 漏报 再次")
    assert len(bot.rows("entries")) == 2


def test_the_same_excellent_research_article_twice_is_refused_unless_said_again(bot):
    assert "已登记 #1" in bot.admin("/优秀调研 环保局 《河道治理调研》")
    assert bot.admin("/优秀调研 环保局 《河道治理调研》").startswith(
        "未登记：与 #1 相同（环保局 优秀调研文章《河道治理调研》"
    )
    assert "已登记 #2" in bot.admin("/优秀调研 环保局 《河道治理调研》 再次")
    assert [r["award_kind"] for r in bot.rows("entries")] == ["优秀调研文章", "优秀调研文章"]


def test_the_ledger_refuses_a_repeat_whoever_records_it(svc):
    draft = svc.drafts.training("济办", 2, date(2019, 6, 1))
    first = svc.ledger.record([draft], "cli:gaoge")[0]
    with pytest.raises(RepeatedFact) as err:
        svc.ledger.record([draft], "wxid_office")
    assert err.value.earlier.id == first.id
    assert len(svc.store.entries_between(1, 10)) == 1
