"""A broken config stops start-up with every problem named by file and key, in Chinese."""

from __future__ import annotations


import pytest

from bot.settings import ConfigError, load_config
from tests.conftest import CONFIG_DIR


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(cfg):
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    return str(err.value)


def test_shipped_config_is_valid():
    config = load_config(CONFIG_DIR)
    assert len(config.units.assessed(2019)) == 53


def test_broken_yaml_names_file_and_line(cfg):
    edit(cfg / "units.yaml", "  - name: 济办\n", "  - name: 济办\n   bad: [\n")
    msg = problems(cfg)
    assert "units.yaml 的 第" in msg and "YAML 格式错误" in msg


def test_negative_target(cfg):
    edit(cfg / "units.yaml", "      2019: {total: 60}\n", "      2019: {total: -60}\n")
    msg = problems(cfg)
    assert "units.yaml 的 units[31].targets.2019.total：应不小于 1，实际是 -60" in msg


def test_duplicate_unit(cfg):
    edit(cfg / "units.yaml", "  - name: 产业集聚区管委会\n", "  - name: 中心办\n")
    msg = problems(cfg)
    assert "units.yaml 的 units[1].name：单位「中心办」重复（units[0] 已有）" in msg


def test_alias_pointing_at_two_units(cfg):
    edit(cfg / "units.yaml", "aliases: [峡窝]", "aliases: [峡窝, 济源路街道]")
    assert "别名「济源路街道」同时指向 峡窝镇、济办" in problems(cfg)


def test_unknown_category_lists_the_quota_categories(cfg):
    edit(cfg / "units.yaml", "category: 镇", "category: 乡")
    assert "units[3].category：未知类别「乡」。可用：管委会、街道办、部门、镇" in problems(cfg)


def test_unknown_key_and_level_in_scoring(cfg):
    edit(
        cfg / "scoring.yaml",
        "        level: 省\n        column: 省委问题建议",
        "        level: 国\n        column: 省委问题建议",
    )
    edit(cfg / "scoring.yaml", "    training_per_person: 15", "    training_per_persons: 15")
    msg = problems(cfg)
    assert "scoring.yaml 的 rules.2018.publications.豫情快报.level：未知级别「国」。可用：区、市、省" in msg
    assert "rules.2018.training_per_persons：未知的配置项" in msg
    assert "rules.2018.training_per_person：缺少此项" in msg


def test_point_values_must_be_numbers(cfg):
    edit(cfg / "scoring.yaml", "points: {单条: 40, 综合: 30}", "points: {单条: 四十, 综合: 30}")
    assert "rules.2018.publications.豫情快报.points.单条：应为整数，实际是「四十」" in problems(cfg)


def test_missing_file_and_missing_directory(cfg, tmp_path):
    (cfg / "scoring.yaml").unlink()
    assert "scoring.yaml：文件不存在" in problems(cfg)
    assert "配置目录不存在" in problems(tmp_path / "nowhere")


def test_targets_before_the_first_rules_year(cfg):
    edit(
        cfg / "units.yaml",
        "      2018: {total: 120, province: 20, city: 40}\n",
        "      2017: {total: 120, province: 20, city: 40}\n",
    )
    assert "2017 年度没有适用的计分规则" in problems(cfg)


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("      约稿迟报:\n", "      约稿晚报:\n", "缺少扣分项「约稿迟报」"),
        ("      联系人变动未报:\n", "      联系人变更未报:\n", "缺少扣分项「联系人变动未报」"),
        ("      优质信息: 5\n", "      好信息: 5\n", "rules.2018.awards：缺少奖励项「优质信息」"),
    ],
)
def test_rule_names_the_bot_relies_on_must_exist(cfg, old, new, message):
    edit(cfg / "scoring.yaml", old, new)
    assert message in problems(cfg)


def test_the_deployable_config_loads():
    """config/ as shipped, which an office edits (its admins, its group): only checked to load. The tests use
    tests/fixtures/config/, so filling in real admins never breaks `make test`."""
    from tests.conftest import ROOT

    config = load_config(ROOT / "config")
    assert config.units.assessed(2019) and config.rules.for_year(2019) and config.bot.admins
