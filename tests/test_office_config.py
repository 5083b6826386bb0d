"""bot.yaml's `office:` section names the issuer, the letters' signature and the group in replies; nothing
else in the code does."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.settings import ConfigError, load_config
from tests.conftest import CONFIG_DIR, ROOT

BOT = Path(__file__).resolve().parent.parent / "bot"


def office_config(tmp_path, office):
    cfg = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, cfg)
    path = cfg / "bot.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["office"] = office
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return cfg


@pytest.mark.parametrize("directory", [CONFIG_DIR, ROOT / "config"], ids=["fixtures", "deployable"])
def test_the_config_names_the_office(directory):
    office = load_config(directory).bot.office
    assert (office.issuer, office.signature) == ("中共上街区委办公室", "——中共上街区委办公室信息调研科")


def test_another_office_is_named_everywhere(tmp_path, svc):
    from bot.reports.bulletin_draft import draft_bulletin
    from bot.scoring import Period

    bot = load_config(
        office_config(
            tmp_path, {"issuer": "中共某某区委办公室", "signature": "——某某区委办", "group_label": "某某信息群"}
        )
    ).bot
    assert bot.office.issuer == "中共某某区委办公室" and bot.group_label == "某某信息群"
    board = svc.scoreboard(Period.whole_year(2019))
    draft = draft_bulletin(board, svc.config.rules, [], date(2019, 8, 16), issuer=bot.office.issuer)
    assert draft.issuer == "中共某某区委办公室"


def test_a_bad_office_section_is_named(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(office_config(tmp_path, {"issuer": ["a"], "seal": "x"}))
    text = str(caught.value)
    assert "office.issuer" in text and "office.seal" in text


def test_no_module_names_the_office():
    named = [
        p.relative_to(BOT.parent)
        for p in BOT.rglob("*.py")
        if p != BOT / "settings" / "office.py"
        and any(w in p.read_text(encoding="utf-8") for w in ("中共上街区委办公室", "信息调研科"))
    ]
    assert named == []


def test_messages_name_the_config_directory_in_use(tmp_path):
    from datetime import datetime

    from bot.chat.hints import worded
    from bot.common.clock import FixedClock
    from bot.office.notices import GroupUnknown
    from bot.store import open_store
    from tests.chatkit import start_bot

    cfg = office_config(tmp_path, {})
    bot = start_bot(load_config(cfg), open_store(None), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path, group=None)
    with pytest.raises(GroupUnknown) as caught:
        bot.app.office.notices.to_group("通报")
    assert f"{cfg / 'bot.yaml'} 的 group.ids" in worded(caught.value)
    assert f"见 {cfg / 'units.yaml'}" in bot.admin("/年终 2015", private=True)
    bot.app.store.close()
