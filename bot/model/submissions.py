"""Submissions: how an item reached the office when it did not come through the group."""

from __future__ import annotations

# What people write (an import's 类型 column, the channel of an admin's #报送 for a unit) → the channel recorded.
CHANNELS = {"邮件": "邮件", "邮箱": "邮件", "电子邮件": "邮件", "QQ": "QQ", "QQ群": "QQ", "电话": "电话"}
