"""One bad frame must not cost the connection. wecom-aibot-sdk 1.0.8 reads each frame with `json.loads` and
hands it to `WsConnectionManager._handle_frame`, which calls `frame.get(...)`: a frame that is valid JSON but
not an object (`[1,2,3]`, `null`) raises AttributeError, its receive loop ends, and the SDK reconnects on a
new socket without closing the old one; the messages already pushed on the old socket are never read, and
企业微信 does not send them again. The guard wraps the handler of one client: such a frame (or any frame
whose handling raises) is logged and skipped, and the loop reads on."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def guard_frames(client) -> None:
    manager = client._ws_manager  # the SDK's own connection manager (wecom_aibot_sdk/ws.py)
    handle = manager._handle_frame

    async def guarded(frame) -> None:
        if not isinstance(frame, dict):
            log.warning("企业微信 sent a frame that is not a JSON object; skipped: %.300r", frame)
            return
        try:
            await handle(frame)
        except Exception:  # noqa: BLE001 - the next frames must still be read
            log.exception("a frame from 企业微信 could not be handled; skipped: %.300r", frame)

    manager._handle_frame = guarded
