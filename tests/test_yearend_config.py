"""config/topics.yaml and units.yaml's key_work: the research data, checked at start-up."""

from __future__ import annotations

import pytest

from bot.settings import load_config
from tests.conftest import CONFIG_DIR
from tests.test_config import edit, problems


def test_shipped_topics_and_key_units():
    config = load_config(CONFIG_DIR)
    topics = config.topics.for_year(2019)  # 2018's list carries forward
    assert (len(topics), topics[0].number, topics[0].name, topics[0].section) == (
        36,
        1,
        "基层党建",
        "（一）全面从严治党",
    )
    assert config.topics.get(2019, 12).name == "现代服务业（金融、物流、文娱、健康养老、房地产）"
    assert config.topics.for_year(2017) == []
    assert [u.name for u in config.units.assessed(2019) if u.key_work] == [
        "中心办",
        "峡窝镇",
        "工业办",
        "新安办",
        "济办",
        "矿山办",
    ]


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (
            "topics.yaml",
            "{7: 新型社区管理,",
            "{1: 新型社区管理,",
            "topics.yaml 的 topics.2018[1].topics.1：课题号 1 在 2018 年度重复",
        ),
        ("topics.yaml", "{19: 创新载体平台建设,", "{-1: 创新载体平台建设,", "课题号应为不小于 0 的整数"),
        ("units.yaml", "    key_work: true\n", "    key_work: 是\n", "key_work：应为 true 或 false"),
    ],
)
def test_bad_research_data_is_named(cfg, file, old, new, message):  # noqa: F811
    edit(cfg / file, old, new)
    assert message in problems(cfg)


def test_topics_are_optional(cfg):  # noqa: F811
    (cfg / "topics.yaml").unlink()
    assert load_config(cfg).topics.for_year(2019) == []
