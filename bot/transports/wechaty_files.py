"""Attachments over puppet-service (part of the wechaty transport).

A puppet service hands a small file inline (a base64 FileBox). Puppet-service 1.x hands anything over
20 KB (almost every real docx) as a UUID FileBox (JSON boxType 7 with a `uuid`) that python-wechaty 0.10.7
cannot read; its bytes come from the `Download` server-streaming RPC (DownloadRequest{id: uuid} → a stream
of DownloadResponse{chunk}), which wechaty-grpc 0.20 does not define, so its two messages are declared here
and called on the puppet's own channel. A server without `Download` gets `MessageFileStream` instead.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass

import betterproto
from grpclib.const import Status
from grpclib.exceptions import GRPCError

from bot.model.message import FileBlob

log = logging.getLogger(__name__)

UUID_BOX = 7  # file-box's FileBoxType.Uuid
MAX_FILE_BYTES = 50 * 1024 * 1024  # a larger attachment is not fetched (it would sit in memory)
DOWNLOAD_ROUTE = "/wechaty.Puppet/Download"


@dataclass(eq=False, repr=False)
class DownloadRequest(betterproto.Message):
    id: str = betterproto.string_field(1)


@dataclass(eq=False, repr=False)
class DownloadResponse(betterproto.Message):
    chunk: bytes = betterproto.bytes_field(1)


class AttachmentError(Exception):
    """The attachment could not be fetched whole; the message says why (for the log)."""


async def fetch_file(stub, message_id: str) -> FileBlob:
    """The attachment of a message, whatever kind of FileBox the server describes it with."""
    described = json.loads((await stub.message_file(id=message_id)).filebox)
    kind = described.get("boxType", described.get("type"))
    name = described.get("name") or "附件"
    if kind == UUID_BOX and described.get("uuid"):
        try:
            data = await _download(stub, described["uuid"])
            log.info("message %s: %s (%d bytes) fetched with the Download RPC", message_id, name, len(data))
        except GRPCError as exc:
            if exc.status is not Status.UNIMPLEMENTED:
                raise
            log.info("message %s: the server has no Download RPC; using MessageFileStream", message_id)
            data = (await _file_stream(stub, message_id))[1]
        _check_size(described, data, name)
        return FileBlob(name, data)
    if described.get("base64") is not None:
        return FileBlob(name, base64.b64decode(described["base64"]))
    streamed_name, data = await _file_stream(stub, message_id)
    return FileBlob(streamed_name or name, data)


async def _download(stub, uuid: str) -> bytes:
    parts: list[bytes] = []
    size = 0
    async for response in stub._unary_stream(DOWNLOAD_ROUTE, DownloadRequest(id=uuid), DownloadResponse):  # noqa: SLF001
        size += len(response.chunk)
        if size > MAX_FILE_BYTES:
            raise AttachmentError(f"larger than {MAX_FILE_BYTES} bytes")
        parts.append(response.chunk)
    return b"".join(parts)


async def _file_stream(stub, message_id: str) -> tuple[str | None, bytes]:
    name = None
    parts: list[bytes] = []
    size = 0
    async for response in stub.message_file_stream(id=message_id):
        field, value = betterproto.which_one_of(response.file_box_chunk, "payload")
        if field == "name":
            name = value
        elif field == "data":
            size += len(value)
            if size > MAX_FILE_BYTES:
                raise AttachmentError(f"larger than {MAX_FILE_BYTES} bytes")
            parts.append(value)
    return name, b"".join(parts)


def _check_size(described: dict, data: bytes, name: str) -> None:
    expected = described.get("size")
    if isinstance(expected, int) and expected >= 0 and expected != len(data):
        raise AttachmentError(f"{name}: got {len(data)} bytes, the server announced {expected}")
