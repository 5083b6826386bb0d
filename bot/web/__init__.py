"""The office's desk: a server-rendered web front beside chat (Starlette, Jinja2, uvicorn).

It never runs SQL and never computes a score: every figure comes from the same services the chat handlers
call (the scoreboard, office/ workflows, reports/), so the desk, /我的得分 and the bulletin always agree."""
