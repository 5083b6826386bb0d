"""What every desk response carries (CSP default-src 'self', no caching, no referrer), and the login throttle."""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import timedelta

from bot.common.clock import Clock

CSP = (
    "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # the login link's token never leaves for another site; a
    # POST from the desk still says its Origin (under no-referrer, Chromium sends `Origin: null`)
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Pure ASGI middleware: adds HEADERS to every HTTP response (pages, files, errors)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, sending)


class LoginThrottle:
    """At most `attempts` failed login links per client in `minutes`; then refuse until the window passes."""

    def __init__(self, clock: Clock, attempts: int = 10, minutes: int = 10):
        self.clock = clock
        self.attempts = attempts
        self.window = timedelta(minutes=minutes)
        self.failures: dict[str, deque] = defaultdict(deque)

    def _recent(self, client: str) -> deque:
        seen = self.failures[client]
        while seen and seen[0] <= self.clock.now() - self.window:
            seen.popleft()
        return seen

    def blocked(self, client: str) -> bool:
        return len(self._recent(client)) >= self.attempts

    def failed(self, client: str) -> None:
        self._recent(client).append(self.clock.now())
