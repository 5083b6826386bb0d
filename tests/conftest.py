from __future__ import annotations

from datetime import date, datetime
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import bot.jobs  # noqa: F401 - the `@job` declarations the config's schedule is checked against
from bot.cli import main
from bot.common.clock import FixedClock
from bot.services import Office
from bot.settings import load_config
from bot.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "tests" / "fixtures" / "config"  # the deployable config/ is only smoke-tested (test_config.py)


@pytest.fixture(scope="session")
def config():
    return load_config(CONFIG_DIR)


@pytest.fixture
def cfg(tmp_path):
    """A copy of the test config to edit."""
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    return target


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`infobot run` with only the given chat-network variables set (then :quit)."""

    def invoke(**env):
        for key in (
            "WECHATY_PUPPET_SERVICE_TOKEN",
            "WECHATY_PUPPET_SERVICE_ENDPOINT",
            "WECOM_BOT_ID",
            "WECOM_BOT_SECRET",
            "WECOM_WS_URL",
        ):
            monkeypatch.delenv(key, raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return CliRunner().invoke(
            main, ["--config", str(CONFIG_DIR), "--db", str(tmp_path / "data" / "x.db"), "run"], input=":quit\n"
        )

    return invoke


@pytest.fixture
def clock():
    return FixedClock(datetime(2019, 6, 30, 18, 0))


@pytest.fixture
def svc(config, clock):
    services = Office(config, open_store(None), clock)
    yield services
    services.store.close()


class Record:
    """Terse fact entry for tests, through the same builder the importer and chat use."""

    def __init__(self, svc: Office, by: str = "wxid_office"):
        self.svc = svc
        self.by = by

    def _save(self, draft):
        return self.svc.ledger.record([draft], self.by, again=True)[0]  # test data may repeat a fact on purpose

    def adoption(self, unit, pub, grade, on, **kw):
        return self._save(self.svc.drafts.adoption(unit, pub, grade, _d(on), **kw))

    def instruction(self, unit, level, on, **kw):
        return self._save(self.svc.drafts.instruction(unit, level, _d(on), **kw))

    def training(self, unit, persons, on):
        return self._save(self.svc.drafts.training(unit, persons, _d(on)))

    def award(self, unit, on, kind=None, **kw):
        return self._save(self.svc.drafts.award(unit, kind, _d(on), **kw))

    def deduction(self, unit, reason, on, **kw):
        return self._save(self.svc.drafts.deduction(unit, reason, _d(on), **kw))

    def common_task(self, unit, task, points, on):
        return self._save(self.svc.drafts.common_task(unit, task, points, _d(on)))


def _d(on):
    return on if isinstance(on, date) else date.fromisoformat(on)


@pytest.fixture
def rec(svc):
    return Record(svc)


@pytest.fixture
def bot(config, tmp_path):
    """The whole bot on a fake transport; Friday 2019-06-28 10:00."""
    from tests.chatkit import start_bot

    harness = start_bot(config, open_store(None), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path)
    yield harness
    harness.app.store.close()


@pytest.fixture(autouse=True)
def _drop_run_log_handlers():
    """`infobot run` invoked in-process adds root log handlers (a rotating file under tmp); drop them after."""
    from bot.cli.logs import drop_run_handlers

    yield
    drop_run_handlers()


E2E = ROOT / "tests" / "e2e"


def pytest_collection_modifyitems(config, items):
    """Tests under tests/e2e/ (real protocols, real processes) carry the `e2e` marker: `pytest -m "not e2e"`
    is the fast loop."""
    for item in items:
        if E2E in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
