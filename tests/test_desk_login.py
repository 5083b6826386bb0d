"""The desk's passwordless login: /后台 links, sessions bound to an admin's contact id, and refusals."""

from __future__ import annotations

from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from bot.web.app import COOKIE, create_desk
from tests.chatkit import ADMIN
from tests.deskkit import BASE, form_of, login_link, seeded_bot

SECRET_FIGURE = "我办推进垃圾分类"


@pytest.fixture
def bot(config, clock, tmp_path):
    return seeded_bot(config, clock, tmp_path)  # conftest's clock: 2019-06-30 18:00


def client(bot) -> TestClient:
    return TestClient(create_desk(bot.app.office), base_url=BASE)


def path_of(link: str) -> str:
    return link.removeprefix(BASE)


def test_link_logs_in_and_sets_a_strict_httponly_cookie(bot):
    link = login_link(bot)
    assert link.startswith(f"{BASE}/login?t=")
    c = client(bot)
    r = c.get(path_of(link))
    assert r.status_code == 200 and "登录成功" in r.text
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1
    r = c.get("/submissions")
    assert r.status_code == 200 and SECRET_FIGURE in r.text


def test_cookie_is_secure_under_https(bot):
    web = replace(bot.app.config.bot.web, public_url="https://infobot.example.gov.cn")
    bot.app.office.config = replace(bot.app.config, bot=replace(bot.app.config.bot, web=web))
    bot.app.office.desk_logins.config = bot.app.config
    link = login_link(bot)
    assert link.startswith("https://infobot.example.gov.cn/login?t=")
    r = client(bot).get(link.removeprefix("https://infobot.example.gov.cn"))
    assert "Secure" in r.headers["set-cookie"]


def test_without_a_session_only_the_login_hint(bot):
    c = client(bot)
    for page in (
        "/",
        "/units/济办",
        "/submissions",
        "/submissions/1",
        "/issues",
        "/solicitations",
        "/yearend",
        "/downloads",
        "/downloads/file?kind=bulletin&format=xlsx",
        "/attachments/1",
    ):
        r = c.get(page)
        assert r.status_code == 401, page
        assert "/后台" in r.text and SECRET_FIGURE not in r.text and "济办" not in r.text, page
    c.cookies.set(COOKIE, "forged")
    assert c.get("/").status_code == 401


def test_a_link_works_once(bot):
    link = login_link(bot)
    assert client(bot).get(path_of(link)).status_code == 200
    r = client(bot).get(path_of(link))
    assert r.status_code == 403 and "已经用过" in r.text
    assert COOKIE not in r.headers.get("set-cookie", "")


def test_a_link_expires_after_ten_minutes(bot):
    link = login_link(bot)
    bot.later(minutes=10)
    r = client(bot).get(path_of(link))
    assert r.status_code == 403 and "已过期" in r.text


def test_a_link_just_before_expiry_works(bot):
    link = login_link(bot)
    bot.later(minutes=9, seconds=59)
    assert client(bot).get(path_of(link)).status_code == 200


def test_unknown_link_is_refused(bot):
    r = client(bot).get("/login?t=nonsense")
    assert r.status_code == 403 and "无效" in r.text


def test_non_admins_are_refused_in_chat(bot):
    reply = bot.say("wxid_li", "/后台", private=True)
    assert "仅限区委办信息科管理员" in reply and "login" not in reply
    reply = bot.say("wxid_stranger", "/后台", private=True)
    assert "login" not in reply


def test_link_never_posted_in_the_group(bot):
    reply = bot.admin("/后台")
    assert "私聊" in reply and "login" not in reply


def test_session_lasts_eight_hours(bot):
    c = client(bot)
    c.get(path_of(login_link(bot)))
    bot.later(hours=7, minutes=59)
    assert c.get("/").status_code == 200
    bot.later(minutes=1)
    assert c.get("/").status_code == 401


def test_removing_an_admin_from_config_ends_access_at_once(bot):
    c = client(bot)
    c.get(path_of(login_link(bot)))
    assert c.get("/").status_code == 200
    cfg = bot.app.config
    bot.app.office.desk_logins.config = replace(
        cfg, bot=replace(cfg.bot, admins=tuple(a for a in cfg.bot.admins if a.contact_id != ADMIN))
    )
    assert c.get("/").status_code == 401


def test_logout_in_chat_ends_all_of_that_admins_sessions(bot):
    first, second, other = client(bot), client(bot), client(bot)
    first.get(path_of(login_link(bot)))
    second.get(path_of(login_link(bot)))
    other.get(path_of(login_link(bot, "wxid_office_zhangyi")))
    assert "结束了您的 2 个登录" in bot.say(ADMIN, "/后台 退出", private=True)
    assert first.get("/").status_code == 401 and second.get("/").status_code == 401
    assert other.get("/").status_code == 200


def test_logout_button(bot):
    c = client(bot)
    c.get(path_of(login_link(bot)))
    r = c.post("/logout", data=form_of(c.get("/").text, "/logout"))
    assert "已退出" in r.text
    assert c.get("/").status_code == 401


def test_logout_from_another_site_does_nothing(bot):
    c = client(bot)
    c.get(path_of(login_link(bot)))
    c.post("/logout", data=form_of(c.get("/").text, "/logout"), headers={"origin": "https://evil.example"})
    assert c.get("/").status_code == 200


def test_logout_without_the_pages_token_does_nothing(bot):
    c = client(bot)
    c.get(path_of(login_link(bot)))
    assert c.post("/logout").status_code == 403
    assert c.post("/logout", data={"csrf": "0" * 64}).status_code == 403
    assert c.get("/").status_code == 200


def test_links_per_admin_are_limited(bot):
    for _ in range(5):
        login_link(bot)
    reply = bot.say(ADMIN, "/后台", private=True)
    assert "最多要 5 次" in reply and "login" not in reply
    bot.later(minutes=10)
    assert login_link(bot)


def test_failed_link_attempts_are_throttled(bot):
    c = client(bot)
    for _ in range(10):
        assert c.get("/login?t=wrong").status_code == 403
    link = login_link(bot)
    r = c.get(path_of(link))
    assert r.status_code == 429 and "过于频繁" in r.text
    bot.later(minutes=10)
    assert c.get(path_of(login_link(bot))).status_code == 200


def test_bad_option_gets_usage(bot):
    reply = bot.say(ADMIN, "/后台 打开", private=True)
    assert "「打开」不是 /后台 的选项" in reply and "/后台 退出" in reply


def test_only_hashes_are_stored(bot):
    link = login_link(bot)
    token = link.split("t=")[1]
    rows = list(bot.app.store.db.query("SELECT * FROM desk_tokens"))
    assert rows and all(token not in str(r) for r in rows)


def test_logout_from_the_desks_own_origin(bot):
    c = client(bot)
    c.get(path_of(login_link(bot)))
    c.post("/logout", data=form_of(c.get("/").text, "/logout"), headers={"origin": BASE})
    assert c.get("/").status_code == 401
