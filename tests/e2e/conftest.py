"""Fixtures the e2e tests share."""

from __future__ import annotations

import pytest

from tests.e2e import wecom_server as wx


@pytest.fixture(scope="module")
def server():
    """The fake 企业微信 server, one per test module; the home group and the admin wrote to the bot before."""
    s = wx.WecomServer(known=(wx.CHAT_HOME, wx.ADMIN)).start()
    yield s
    s.stop()
