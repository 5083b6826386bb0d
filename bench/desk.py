"""The desk's pages at district scale (53 units, about 10k ledger rows in the year): p50/p99 per page through
the whole ASGI stack (routing, session check, services, templates), beside a baseline measured in the same run:
the same stack serving a fixed page of the same size (what Starlette and the session lookup cost alone)."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import httpx
from starlette.responses import HTMLResponse

from bot.web.app import create_desk

PAGES = [
    "/",
    f"/units/{quote('济办')}",
    "/submissions",
    "/submissions?view=inbox",
    "/issues",
    "/solicitations",
    "/yearend",
]
GOAL_MS = 100


def bench_desk(app, line, pct, timed_rounds: int = 100) -> None:
    """`app`: a bot.app.App over a filled store (bench.run.make_app); the desk serves its Office."""
    office = app.office
    desk = create_desk(office)
    admin = office.config.bot.admins[0].contact_id
    token = office.desk_logins.link(admin).split("t=")[1]

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=desk), base_url="http://127.0.0.1") as c:
            assert (await c.get(f"/login?t={token}")).status_code == 200
            sizes = {}
            for page in PAGES:  # first views build the kept boards, as the first visitor of the day would
                sizes[page] = len((await c.get(page)).content)

            async def fixed(request):
                return HTMLResponse("x" * sizes["/"])

            desk.router.add_route("/__baseline", fixed)
            base = await sample(c, "/__baseline", timed_rounds)
            for page in PAGES:
                ours = await sample(c, page, timed_rounds)
                p99 = pct(ours, 99)
                line(f"后台 {page} p50（1 万行，当年）", pct(ours, 50), pct(base, 50), "ms", "—", True)
                line(f"后台 {page} p99（1 万行，当年）", p99, pct(base, 99), "ms", f"≤{GOAL_MS}ms", p99 <= GOAL_MS)
            # After a write the kept boards bring only the changed unit up to date: the first view after /采用.
            for label, page in (("总览", "/"), ("年终", "/yearend")):
                after = []
                for n in range(max(20, timed_rounds // 5)):
                    office.ledger.record(
                        [
                            office.drafts.adoption(
                                "济办", "上街信息", "单条", office.clock.now().date(), title=f"后台基准{label}{n}"
                            )
                        ],
                        admin,
                    )
                    after += await sample(c, page, 1)
                line(
                    f"后台 {label} p99 记分后首次（1 万行，当年）",
                    pct(after, 99),
                    pct(base, 99),
                    "ms",
                    f"≤{GOAL_MS}ms",
                    pct(after, 99) <= GOAL_MS,
                )

    asyncio.run(run())


async def sample(client: httpx.AsyncClient, page: str, rounds: int) -> list[float]:
    import time

    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        r = await client.get(page)
        out.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (page, r.status_code)
    return out
