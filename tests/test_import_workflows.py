"""An imported row goes through the same office workflow as its chat command (review C1, M4)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.ledger.importer import ImportRejected
from bot.scoring import Period
from bot.store import open_store
from tests.chatkit import start_bot

HEADER = "日期,单位,事项,刊物,类型,数量,标题\n"


@pytest.fixture
def december(config, tmp_path):
    harness = start_bot(config, open_store(None), FixedClock(datetime(2019, 12, 30, 10, 0)), tmp_path)
    yield harness
    harness.app.store.close()


def _sheet(tmp_path, text, name="导入.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_an_imported_common_task_score_corrects_the_chat_score_instead_of_adding_to_it(december, tmp_path):
    december.admin("/共同任务 组织部 政研工作 25")
    result = december.app.office.importer.import_file(
        _sheet(tmp_path, "2019-12-30,组织部,共同任务,,政研工作,28,\n"), "cli:gaoge"
    )
    assert result.corrected == [(1, 25)]
    row = december.app.office.itemized_scoreboard(Period.whole_year(2019)).row("组织部")
    assert row.common_task_points == 28
    assert [(r["kind"], r["reverses"], r["task_points"]) for r in december.rows("entries")] == [
        ("common_task", None, 25),
        ("reversal", 1, None),
        ("common_task", None, 28),
    ]


def test_a_common_task_import_that_fails_writes_nothing(december, tmp_path):
    december.admin("/共同任务 组织部 政研工作 25")
    with pytest.raises(ImportRejected):
        december.app.office.importer.import_file(
            _sheet(tmp_path, "2019-12-30,组织部,共同任务,,政研工作,28,\n2019-12-30,组织部,采用,郑州日报,单条,,x\n"),
            "cli:gaoge",
        )
    assert [r["kind"] for r in december.rows("entries")] == ["common_task"]


def test_an_item_proxied_in_chat_and_imported_two_days_later_counts_once(bot, tmp_path):
    bot.at(datetime(2019, 6, 24, 9, 0))
    reply = bot.admin("#报送 济办 【QQ群报来的信息】 QQ")
    assert "已登记报送 #1" in reply or "#1" in reply
    bot.at(datetime(2019, 6, 28, 10, 0))
    result = bot.app.office.importer.import_file(
        _sheet(tmp_path, "2019-06-26,济办,报送,,QQ,,QQ群报来的信息\n"), "cli:gaoge"
    )
    assert (result.submissions, result.skipped) == (0, [2])
    assert len(bot.rows("submissions")) == 1
    assert "济办 1" in bot.admin("/报送统计")


def test_the_import_command_says_which_common_task_scores_it_corrected(tmp_path):
    from click.testing import CliRunner

    from bot.cli import main
    from tests.conftest import CONFIG_DIR

    def cli(*args):
        db = tmp_path / "data" / "infobot.db"
        return CliRunner().invoke(
            main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", "2019-12-30T18:00", *args]
        )

    cli("import", str(_sheet(tmp_path, "2019-12-20,组织部,共同任务,,政研工作,25,\n", "初评.csv")))
    result = cli("import", str(_sheet(tmp_path, "2019-12-30,组织部,共同任务,,政研工作,28,\n", "复评.csv")))
    assert result.exit_code == 0, result.output
    assert "更正共同任务得分：已撤销原得分 #1（25 分），以导入的得分为准。" in result.output
    table = cli("report", "--year", "2019", "--annual", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    zzb = next(r for r in rows if r["单位"] == "组织部")
    assert next(v for k, v in zzb.items() if "政研工作" in k) == "28"
