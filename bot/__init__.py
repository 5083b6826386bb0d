"""信息员之家 bot: the information work of 上街区 in one WeChat group."""
