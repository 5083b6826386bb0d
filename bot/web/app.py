"""The desk's routes: login by a one-time link, read-only pages over the bot's own services, and the writes
(bot/web/writes.py) that run the chat commands' workflows."""

from __future__ import annotations

import logging
from typing import Any
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.chat.hints import worded
from bot.office.desk_logins import LOGIN_PATH, SESSION_HOURS, LoginRefused
from bot.services import Office
from bot.web import downloads, views
from bot.web.forms import csrf_ok, text
from bot.web.pages import COOKIE, HERE, same_origin, signed_in
from bot.web.security import SecurityHeaders
from bot.web.writes import Writes, write_routes

log = logging.getLogger(__name__)


class Desk(Writes):
    async def login(self, request: Request) -> Response:
        client = request.client.host if request.client else "?"
        if self.throttle.blocked(client):
            return self.refuse(request, "登录尝试过于频繁，请 10 分钟后再试。", 429)
        try:
            session = self.office.desk_logins.redeem(request.query_params.get("t", ""))
        except LoginRefused as exc:
            self.throttle.failed(client)
            return self.render(request, "login_hint.html", status=403, title="无法登录", refusal=worded(exc))
        # A page, not a redirect: a SameSite=Strict cookie set while arriving from the chat app is sent with
        # the next same-site navigation (this page's refresh), not with a redirect of the cross-site one.
        response = self.render(
            request, "login_ok.html", title="登录成功", who=self.office.config.bot.admin_name(session.contact_id)
        )
        response.set_cookie(
            COOKIE,
            session.secret,
            max_age=SESSION_HOURS * 3600,
            path="/",
            httponly=True,
            samesite="strict",
            secure=self.office.config.bot.web.https,
        )
        return response

    async def logout(self, request: Request) -> Response:
        form = await request.form()
        if not same_origin(request) or not csrf_ok(request.cookies.get(COOKIE), text(form, "csrf")):
            return self.refuse(request, "退出须在后台页面上点「退出」。", 403)
        admin = self.office.desk_logins.who(request.cookies.get(COOKIE))
        if admin is not None:
            self.office.desk_logins.end(admin)
        response = self.render(request, "login_hint.html", title="已退出", refusal="已退出后台。")
        response.delete_cookie(COOKIE, path="/")
        return response

    @signed_in
    async def overview(self, request: Request) -> Response:
        sort, descending = _sort(request)
        return self.render(request, "overview.html", title="总览", **views.overview(self.office, sort, descending))

    @signed_in
    async def unit(self, request: Request) -> Response:
        return self.render(
            request,
            "unit.html",
            title=request.path_params["name"],
            **views.unit_page(self.office, request.path_params["name"]),
        )

    @signed_in
    async def submissions(self, request: Request) -> Response:
        if request.query_params.get("view") == "inbox":
            days = _int(request.query_params.get("days"), 14)
            return self.render(request, "inbox.html", title="待采用", **views.inbox_page(self.office, days))
        return self.render(
            request, "submissions.html", title="报送", **views.submissions_page(self.office, request.query_params)
        )

    @signed_in
    async def submission(self, request: Request) -> Response:
        page = views.submission_page(self.office, request.path_params["id"])
        if page is None:
            return self.refuse(request, f"没有报送 #{request.path_params['id']}。", 404)
        return self.render(request, "submission.html", title=f"报送 #{page['sub'].id}", **page)

    @signed_in
    async def attachment(self, request: Request) -> Response:
        row = self.office.store.attachment(request.path_params["id"])
        if row is None or not Path(row["path"]).is_file():
            return self.refuse(request, "没有这个附件，或文件已不在磁盘上。", 404)
        return FileResponse(row["path"], filename=row["file_name"], content_disposition_type="attachment")

    @signed_in
    async def issues(self, request: Request) -> Response:
        return self.render(request, "issues.html", title="刊物", **views.issues_page(self.office))

    @signed_in
    async def issue(self, request: Request) -> Response:
        p = request.path_params
        return self.render(
            request,
            "issue.html",
            title=f"{p['publication']} 第{p['number']}期",
            **views.issue_page(self.office, p["publication"], p["number"]),
        )

    @signed_in
    async def solicitations(self, request: Request) -> Response:
        year = _int(request.query_params.get("year"), self.office.clock.now().year)
        return self.render(request, "solicitations.html", title="约稿", **views.solicitations_page(self.office, year))

    @signed_in
    async def yearend(self, request: Request) -> Response:
        year = _int(request.query_params.get("year"), self.office.clock.now().year)
        sort, descending = _sort(request)
        return self.render(
            request, "yearend.html", title=f"{year}年终", **views.yearend_page(self.office, year, sort, descending)
        )

    @signed_in
    async def downloads_page(self, request: Request) -> Response:
        today = self.office.clock.now().date()
        return self.render(
            request,
            "downloads.html",
            title="下载",
            kinds=downloads.KINDS,
            start=f"{today:%Y}-01-01",
            end=today.isoformat(),
        )

    @signed_in
    async def download(self, request: Request) -> Response:
        q = request.query_params
        period = downloads.period_of(self.office.clock.now().date(), q.get("from"), q.get("to"))
        file = downloads.make(self.office, q.get("kind", ""), q.get("format", ""), period)
        return Response(file.data, media_type=file.media_type, headers={"content-disposition": file.disposition})


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _sort(request: Request) -> tuple[int | None, bool]:
    q = request.query_params
    return (_int(q.get("sort"), -1) if q.get("sort") else None), q.get("dir", "desc") != "asc"


def create_desk(office: Office) -> Starlette:
    """The desk over the bot's Office (bot/services.py): same store, same clock, same scoreboards as chat."""
    desk = Desk(office)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 405:
            return desk.refuse(request, "不支持这种请求方式。", 405)
        return desk.refuse(request, "没有这个页面。请从上方的菜单进入。", exc.status_code)

    async def failed(request: Request, exc: Exception) -> Response:
        log.exception("desk page %s failed", request.url.path, exc_info=exc)
        return HTMLResponse(
            "<!doctype html><meta charset=utf-8><title>出错了</title>"
            "<p>后台处理这个页面时出错了，已记录在日志中。请稍后重试，或联系维护人员。</p>",
            500,
        )

    routes = [
        Route("/", desk.overview),
        Route(LOGIN_PATH, desk.login),
        Route("/logout", desk.logout, methods=["POST"]),
        Route("/units/{name}", desk.unit),
        Route("/submissions", desk.submissions),
        Route("/submissions/{id:int}", desk.submission),
        Route("/attachments/{id:int}", desk.attachment),
        Route("/issues", desk.issues),
        Route("/issues/{publication}/{number:int}", desk.issue),
        Route("/solicitations", desk.solicitations),
        Route("/yearend", desk.yearend),
        Route("/downloads", desk.downloads_page),
        Route("/downloads/file", desk.download),
        *write_routes(desk),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    handlers: dict[Any, Any] = {HTTPException: not_found, Exception: failed}
    app = Starlette(debug=False, routes=routes, exception_handlers=handlers)
    app.state.public_url = office.config.bot.web.public_url
    app.add_middleware(SecurityHeaders)
    return app
