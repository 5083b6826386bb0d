"""`infobot doctor`: ask the puppet service for its version over gRPC, with the token, and leave.

This opens no event stream and logs nothing in or out, so it is safe while `infobot run` is connected."""

from __future__ import annotations

import asyncio

from grpclib.client import Channel
from grpclib.const import Status
from grpclib.exceptions import GRPCError
from wechaty_grpc.wechaty import PuppetStub


class PuppetUnreachable(Exception):
    """The message (Chinese) says what failed."""


async def probe_puppet(endpoint: str, token: str, timeout: float) -> str:
    """The puppet service's version; PuppetUnreachable when it does not answer or refuses the token."""
    host, _, port = endpoint.rpartition(":")
    channel = Channel(host=host.strip("[]"), port=int(port))
    channel._authority = token  # python-wechaty sends the token this way (wechaty_puppet_service/puppet.py)
    try:
        reply = await asyncio.wait_for(PuppetStub(channel).version(), timeout)
    except GRPCError as exc:
        if exc.status in (Status.UNAUTHENTICATED, Status.PERMISSION_DENIED):
            raise PuppetUnreachable(
                f"puppet service {endpoint} 拒绝了令牌（{exc.message or exc.status.name}），"
                "请核对 WECHATY_PUPPET_SERVICE_TOKEN"
            ) from None
        raise PuppetUnreachable(f"puppet service {endpoint} 答复出错：{exc.status.name} {exc.message or ''}") from None
    except (OSError, asyncio.TimeoutError) as exc:
        raise PuppetUnreachable(
            f"{timeout:g} 秒内连不上 puppet service {endpoint}（{exc or '超时'}），"
            "请确认它已启动，地址和端口无误，本机防火墙放行"
        ) from None
    finally:
        channel.close()
    return reply.version or "（未报告版本）"
