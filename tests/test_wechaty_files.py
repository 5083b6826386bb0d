"""Attachments as a puppet service describes them: inline, a UUID FileBox fetched with Download (checked
against the announced size), and MessageFileStream when the server has no Download. A fake stub, no network."""

from __future__ import annotations

import asyncio
import base64
import json
from types import SimpleNamespace

import pytest

files = pytest.importorskip("bot.transports.wechaty_files")
from grpclib.const import Status  # noqa: E402
from grpclib.exceptions import GRPCError  # noqa: E402

DOCX = b"PK\x03\x04" + bytes(range(256)) * 800


class FakeStub:
    def __init__(self, box: dict, download: bool = True):
        self.box = box
        self.download = download
        self.routes: list[str] = []

    async def message_file(self, id: str):
        return SimpleNamespace(filebox=json.dumps(self.box))

    async def _unary_stream(self, route, request, response_type):
        self.routes.append(route)
        if not self.download:
            raise GRPCError(Status.UNIMPLEMENTED, "Method not found")
        assert request.id == "uuid-1"
        for start in range(0, len(DOCX), 65536):
            yield response_type(chunk=DOCX[start : start + 65536])

    async def message_file_stream(self, id: str):
        self.routes.append("MessageFileStream")
        yield _chunk(name="报告.docx")
        yield _chunk(data=DOCX)


def _chunk(**kw):
    from wechaty_grpc.wechaty.puppet import FileBoxChunk

    return SimpleNamespace(file_box_chunk=FileBoxChunk(**kw))


def fetch(stub):
    return asyncio.run(files.fetch_file(stub, "msg-1"))


def uuid_box(**kw):
    return {"boxType": 7, "name": "报告.docx", "uuid": "uuid-1", "size": len(DOCX), **kw}


def test_a_uuid_filebox_is_downloaded_whole():
    stub = FakeStub(uuid_box())
    blob = fetch(stub)
    assert (blob.name, blob.data) == ("报告.docx", DOCX)
    assert stub.routes == ["/wechaty.Puppet/Download"]


def test_without_download_the_file_stream_is_used():
    stub = FakeStub(uuid_box(), download=False)
    assert fetch(stub).data == DOCX
    assert stub.routes == ["/wechaty.Puppet/Download", "MessageFileStream"]


def test_a_download_shorter_than_announced_is_refused():
    with pytest.raises(files.AttachmentError, match="the server announced"):
        fetch(FakeStub(uuid_box(size=len(DOCX) + 1)))


def test_an_inline_file_needs_no_download():
    stub = FakeStub({"boxType": 1, "name": "小.pdf", "base64": base64.b64encode(b"%PDF-1.4").decode()})
    assert (fetch(stub).name, fetch(stub).data) == ("小.pdf", b"%PDF-1.4")
    assert stub.routes == []
