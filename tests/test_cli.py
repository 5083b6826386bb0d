"""The `infobot` commands as an operator runs them: output, files and exit codes."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.conftest import CONFIG_DIR
from tests.test_import import GOOD


@pytest.fixture
def run(tmp_path):
    db = tmp_path / "data" / "infobot.db"

    def invoke(*args, now="2019-06-30T18:00"):
        runner = CliRunner()
        return runner.invoke(main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", now, *args])

    return invoke


def test_import_report_explain_revoke(run, tmp_path):
    sheet = tmp_path / "2019.csv"
    sheet.write_text(GOOD, encoding="utf-8")
    result = run("import", str(sheet), "--by", "gaoge")
    assert result.exit_code == 0, result.output
    assert "已从「2019.csv」导入 6 条记录（#1–#6）" in result.output

    result = run("report")
    assert result.exit_code == 0
    assert "2019年1月1日至6月30日" in result.output and "纪委监委" in result.output

    out = tmp_path / "out" / "通报.csv"
    result = run("report", "--from", "2019-05-01", "--to", "2019-05-31", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0 and "已写入" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    totals = {r["单位"]: r["累计得分"] for r in rows}
    assert (totals["纪委监委"], totals["民政局"], totals["新安办"]) == ("30", "30", "0")  # award dated 30 June
    assert rows[0]["单位"] == "民政局" and rows[0]["任务占比"] == "38%"  # 30/80 = 37.5%

    result = run("explain", "济源路街道")
    assert result.exit_code == 0
    assert (
        "济办 得分明细" in result.output and "采用《上街信息》单条《“一长三员”助力城市精细化管理》  +4" in result.output
    )
    assert "[gaoge " in result.output and "2019.csv:2]" in result.output

    result = run("revoke", "1", "单位登记错误", "--by", "gaoge")
    assert result.exit_code == 0 and "已撤销 #1（济办 采用《上街信息》单条" in result.output
    result = run("revoke", "1", "再撤")
    assert result.exit_code == 1 and "已于" in result.output
    result = run("revoke", "2", " ")  # the next step in the CLI's own words, not the chat's
    assert result.exit_code == 1 and "撤销须写明原因。例如：infobot revoke 12 单位登记错误。" in result.output
    assert "/撤销" not in result.output

    result = run("check")
    assert result.exit_code == 0 and "数据库正常：7 条记录" in result.output


def test_rejected_import_exits_1_and_writes_nothing(run, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(GOOD + "2019-06-01,不存在单位,采用,上街信息,单条,1,x\n", encoding="utf-8")
    result = run("import", str(sheet))
    assert result.exit_code == 1
    assert "第 8 行：未知单位「不存在单位」" in result.output
    assert "数据库正常：0 条记录" in run("check").output


def test_bad_period_and_unknown_unit(run):
    r = run("report", "--from", "2018-12-01", "--to", "2019-01-31")
    assert r.exit_code == 1 and "跨年" in r.output
    r = run("report", "--year", "2019", "--from", "2019-01-01")
    assert r.exit_code == 1 and "只能选一种" in r.output
    r = run("report", "--year", "2010")
    assert r.exit_code == 1 and "2010 年度没有被考核单位" in r.output and "2018、2019" in r.output
    r = run("explain", "不存在")
    assert r.exit_code == 1 and "未知单位「不存在」" in r.output


def test_broken_config_exits_2_with_the_file_named(tmp_path):
    bad = tmp_path / "cfg"
    bad.mkdir()
    (bad / "scoring.yaml").write_text("rules: [\n", encoding="utf-8")
    (bad / "units.yaml").write_text("units: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(bad), "--db", str(tmp_path / "x.db"), "check"])
    assert result.exit_code == 2
    assert "配置有" in result.output and "scoring.yaml" in result.output and "units.yaml 的 units" in result.output


def broken_copy(tmp_path, old: str, new: str):
    """A copy of the shipped config with one edit in scoring.yaml."""
    import shutil

    cfg = tmp_path / "cfg"
    shutil.copytree(CONFIG_DIR, cfg)
    text = (cfg / "scoring.yaml").read_text(encoding="utf-8")
    (cfg / "scoring.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return cfg


def test_check_reports_facts_the_config_can_no_longer_score(run, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text(GOOD, encoding="utf-8")
    run("import", str(sheet))
    cfg = broken_copy(tmp_path, "      郑州信息:\n", "      郑州日报:\n")
    result = CliRunner().invoke(
        main,
        ["--config", str(cfg), "--db", str(tmp_path / "data" / "infobot.db"), "--now", "2019-07-01T09:00", "check"],
    )
    assert result.exit_code == 1
    assert "#2（2019-05-06）：" in result.output and "scoring.yaml 的 rules.2018 中没有「郑州信息」" in result.output


def test_run_refuses_to_start_half_configured(run, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text(GOOD, encoding="utf-8")
    run("import", str(sheet))
    cfg = broken_copy(tmp_path, "      郑州信息:\n", "      郑州日报:\n")
    result = CliRunner().invoke(
        main,
        ["--config", str(cfg), "--db", str(tmp_path / "data" / "infobot.db"), "--now", "2019-07-01T09:00", "run"],
        input=":quit\n",
    )
    assert result.exit_code == 2
    assert "机器人未启动" in result.output and "scoring.yaml 的 rules.2018 中没有「郑州信息」" in result.output
    assert "未设置微信令牌" not in result.output


@pytest.mark.parametrize(
    "breakage", ["units: [\n", "units:\n  - name: 济办\n    category: 街道办\n    targets: {2019: -1}\n"]
)
def test_run_with_a_broken_config_exits_2(tmp_path, breakage):
    import shutil

    cfg = tmp_path / "cfg"
    shutil.copytree(CONFIG_DIR, cfg)
    (cfg / "units.yaml").write_text(breakage, encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(cfg), "--db", str(tmp_path / "x.db"), "run"], input=":quit\n")
    assert result.exit_code == 2
    assert "配置有" in result.output and "units.yaml" in result.output and "机器人未启动" in result.output
    assert not (tmp_path / "x.db").exists()
