"""Import python-wechaty 0.10.7 safely on Python 3.11. Import this before anything from `wechaty`.

- `wechaty/wechaty.py:118` uses a PuppetOptions instance as a dataclass default; PuppetOptions is an
  eq-dataclass, hence unhashable, and Python 3.11 rejects it as a mutable default at import time.
- `import wechaty` creates its cache directory (`$CACHE_DIR`, else `./.wechaty` with a job.db) at once
  (`wechaty/config.py:97-105`): `infobot run` sets CACHE_DIR under data/ before importing this module.
- Every python-wechaty module logger gets its own stderr handler at INFO and does not propagate
  (`wechaty_puppet/logger.py:57-97`): we route them through the root logger (the rotating log file) at
  WARNING, or at the level WECHATY_LOG names if it is set.
- The plugin manager installs SIGINT/SIGTERM handlers that `sys.exit(0)` from inside a task
  (`wechaty/plugin.py:168-192, 871-882`). We replace both helpers: the web server stops when we say so,
  and our own signal handlers shut the bot down in order.
"""

from __future__ import annotations

import asyncio
import logging
import os

from wechaty_puppet.schemas.puppet import PuppetOptions

PuppetOptions.__hash__ = object.__hash__

import wechaty  # noqa: E402,F401
import wechaty.plugin as wechaty_plugin  # noqa: E402
import wechaty_puppet_service  # noqa: E402,F401  (its loggers exist from here on)

_web_stop: asyncio.Event | None = None


async def _get_shutdown_trigger():
    global _web_stop
    _web_stop = asyncio.Event()
    return _web_stop.wait


async def _shutdown(trigger) -> None:
    await trigger()


def stop_web_server() -> None:
    """Let python-wechaty's web server (hypercorn run_task) finish."""
    if _web_stop is not None:
        _web_stop.set()


wechaty_plugin.get_shutdown_trigger = _get_shutdown_trigger
wechaty_plugin.shutdown = _shutdown


def _tame_loggers() -> None:
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger) and not logger.propagate and logger.handlers:
            logger.handlers = []
            logger.propagate = True
            if "WECHATY_LOG" not in os.environ:
                logger.setLevel(logging.WARNING)


_tame_loggers()
