"""What every desk page shares: rendering, who is signed in, and the guard on every write."""

from __future__ import annotations

from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.common.errors import UserError
from bot.services import Office
from bot.settings.names import UnknownName
from bot.chat.hints import worded
from bot.web.forms import csrf_ok, csrf_token, desk_worded, new_form_key, text
from bot.web.security import LoginThrottle

HERE = Path(__file__).parent
COOKIE = "desk_session"
NAV = [
    ("/", "总览"),
    ("/submissions", "报送"),
    ("/issues", "刊物"),
    ("/record", "登记"),
    ("/confirm", "确认"),
    ("/solicitations", "约稿"),
    ("/yearend", "年终"),
    ("/downloads", "下载"),
]
NOT_FROM_DESK = "这张表单不是从后台页面提交的（或登录已更换），未做任何登记。请刷新页面后重新提交。"


class Pages:
    def __init__(self, office: Office):
        self.office = office
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.throttle = LoginThrottle(office.clock)

    def render(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        admin = getattr(request.state, "admin", None)
        html = self.env.get_template(name).render(
            request=request,
            nav=NAV,
            path=request.url.path,
            csrf=csrf_token(request.cookies.get(COOKIE)),
            new_key=new_form_key,
            admin_name=self.office.config.bot.admin_name(admin) if admin else None,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def refuse(self, request: Request, message: str, status: int) -> HTMLResponse:
        return self.render(request, "message.html", status=status, title="无法打开", message=message)


async def as_admin(self: Pages, request: Request, answer, words) -> Response:
    """Answer for a signed-in admin only: without a live session (or once the contact is no longer an admin in
    config/bot.yaml) the login hint and no data; a domain error becomes a refusal in `words`."""
    admin = self.office.desk_logins.who(request.cookies.get(COOKIE))
    if admin is None:
        return self.render(request, "login_hint.html", status=401, title="请登录")
    request.state.admin = admin
    try:
        return await answer()
    except UserError as exc:
        return self.refuse(request, words(exc), 400)
    except UnknownName as exc:
        return self.refuse(request, str(exc), 400)


def signed_in(handler):
    """A page for admins only (as_admin)."""

    @wraps(handler)
    async def page(self: Pages, request: Request):
        return await as_admin(self, request, lambda: handler(self, request), worded)

    return page


def posted(handler):
    """A write: signed in, a POST from the desk's own pages carrying the session's CSRF token; the handler
    gets the form. Every write then goes through office.desk_writes (one transaction with the form's key)."""

    @wraps(handler)
    async def page(self: Pages, request: Request):
        async def checked():
            form = await request.form()
            if not same_origin(request) or not csrf_ok(request.cookies.get(COOKIE), text(form, "csrf")):
                return self.refuse(request, NOT_FROM_DESK, 403)
            return await handler(self, request, form)

        return await as_admin(self, request, checked, desk_worded)

    return page


def same_origin(request: Request) -> bool:
    """A state-changing POST must come from the desk's own pages (with SameSite=Strict, a second guard)."""
    origin = request.headers.get("origin")
    return origin is None or origin in (f"{request.url.scheme}://{request.url.netloc}", desk_origin(request))


def desk_origin(request: Request) -> str:
    """The origin of web.public_url (what a browser behind the reverse proxy sends)."""
    parts = urlsplit(request.app.state.public_url)
    return f"{parts.scheme}://{parts.netloc}"
