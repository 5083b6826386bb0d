"""The group's 群机器人 webhook (消息推送): the one way a 企业微信 bot can really @-mention people.

A smart bot's markdown shows `<@userid>` as plain text and alerts nobody; the webhook's text message takes
`mentioned_list` (userids), and WeCom alerts each of them. It is optional: the key (or the whole webhook
address) goes in the env var WECOM_WEBHOOK_KEY. Documented limits (群机器人配置说明): 20 messages a minute per
webhook; text content at most 2048 bytes (UTF-8); an image message's picture at most 2 MB (JPG/PNG, base64
with its md5); a file is uploaded first (upload_media, type=file, more than 5 bytes and at most 20 MB) and
sent by its media_id. A refusal comes back as errcode/errmsg in the JSON answer (HTTP 200)."""

from __future__ import annotations

import base64
import hashlib
import logging
from pathlib import Path

import httpx

from bot.outbox.queue import NotConnected, Refused
from bot.transports.wecom_text import markdown_chunks

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://qyapi.weixin.qq.com/cgi-bin/webhook"
TEXT_BYTES = 2000  # documented 2048; a margin
IMAGE_BYTES = 2 * 1024 * 1024
FILE_BYTES = 20 * 1024 * 1024
MIN_FILE_BYTES = 6  # documented: more than 5 bytes
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
BUSY = {-1, 45009, 45033}  # system busy; api frequency out of limit; too many concurrent calls


def text_chunks(text: str) -> list[str]:
    return markdown_chunks(text, TEXT_BYTES)


class Webhook:
    def __init__(self, key: str, base_url: str = DEFAULT_BASE, timeout: float = 30.0):
        self.key, self.base_url = key, base_url.rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout)

    async def close(self) -> None:
        await self._http.aclose()

    def frames(self, text: str, file_path: str | None) -> int:
        """How many webhook messages a post takes (its text pieces and its file)."""
        return (len(text_chunks(text)) if text.strip() else 0) + (1 if file_path else 0)

    async def send(self, text: str, mentioned: list[str], file_path: str | None, on_frame=None) -> None:
        """The file first (as the smart bot sends it), then the text; the mentions ride on the first text."""
        if file_path:
            if on_frame:
                on_frame()
            await self._send_file(Path(file_path))
        for i, chunk in enumerate(text_chunks(text) if text.strip() else []):
            body: dict[str, object] = {"content": chunk}
            if i == 0 and mentioned:
                body["mentioned_list"] = list(mentioned)
            if on_frame:
                on_frame()
            await self._post("send", {"msgtype": "text", "text": body})

    async def _send_file(self, path: Path) -> None:
        data = path.read_bytes()
        if path.suffix.lower() in IMAGE_SUFFIXES and len(data) <= IMAGE_BYTES:
            await self._post(
                "send",
                {
                    "msgtype": "image",
                    "image": {"base64": base64.b64encode(data).decode(), "md5": hashlib.md5(data).hexdigest()},
                },
            )  # noqa: S324
            return
        if not MIN_FILE_BYTES <= len(data) <= FILE_BYTES:
            raise Refused(None, f"文件 {path.name} 有 {len(data)} 字节，群机器人只能发 6 字节至 20MB 的文件")
        answer = await self._request(
            "upload_media", params={"type": "file"}, files={"media": (path.name, data, "application/octet-stream")}
        )
        await self._post("send", {"msgtype": "file", "file": {"media_id": answer["media_id"]}})

    async def _post(self, verb: str, body: dict) -> dict:
        return await self._request(verb, json=body)

    async def _request(self, verb: str, params: dict | None = None, **kwargs) -> dict:
        try:
            response = await self._http.post(
                f"{self.base_url}/{verb}", params={"key": self.key, **(params or {})}, **kwargs
            )
        except httpx.HTTPError as exc:
            raise NotConnected(f"群机器人 webhook 连不上：{exc!r}") from exc
        if response.status_code >= 500:
            raise Refused(-1, f"HTTP {response.status_code}", retryable=True)
        try:
            answer = response.json()
        except ValueError:
            raise Refused(None, f"HTTP {response.status_code}，回答不是 JSON") from None
        errcode = answer.get("errcode", 0) if isinstance(answer, dict) else None
        if errcode != 0:
            errmsg = str(answer.get("errmsg", "")) if isinstance(answer, dict) else repr(answer)[:200]
            raise Refused(errcode, errmsg, retryable=errcode in BUSY)
        return answer
