"""企业微信 button cards (模板卡片, button_interaction) for the decisions a message offers.

Sending: an outgoing message's prompts follow its text, one card each, pushed with `aibot_send_msg`
(msgtype template_card). A card's buttons carry short keys; which command a key runs is stored with the
card's task_id (企业微信's handle for it), so a click can only ever run a command the bot offered.

A click (`aibot_event_callback`, event `template_card_event`) is a command: the transport journals the frame
like a message, and this module turns it into an `Incoming` whose text is that command, from the clicking
member, at the click's time. The router then does what it does for a typed command: stores it once
(by the event's msgid), checks the permission by userid, runs the workflow in one transaction.

Afterwards the card shows what became of the matter (「已确认扣分 −5（李四，12月5日 10:02）」) in place of
its buttons: `aibot_respond_update_msg` on the event's req_id, which 企业微信 accepts only within
UPDATE_WINDOW seconds of the event. The clicker's plain reply is then not sent (the card says it). A click
taken up after a restart, a late one, or an update 企业微信 refuses gets the reply as a new message instead.
A click that decided nothing (refused, or asking for a typed reason) leaves the card as it is.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass, field

from bot.model.actions import Prompt
from bot.model.message import Incoming, Outgoing
from bot.transports.wecom_connection import incoming, refused

log = logging.getLogger(__name__)

UPDATE_WINDOW = 5.0  # documented: update_template_card within 5 seconds of the template_card_event
UPDATE_MARGIN = 1.0  # do not start an update this close to the end of the window
MAX_BUTTONS = 6  # a button_interaction card holds at most 6 buttons
DONE_KEY = "done"  # the one button an updated card keeps: a click on it only shows the state again
HOLD_SECONDS = UPDATE_WINDOW + 2  # the longest a reply to a click waits while its card is being updated
TITLE_CHARS, TEXT_CHARS = 26, 300


def card_event(frame: dict) -> dict | None:
    """The template_card_event of a callback frame, or None for anything else."""
    body = frame.get("body") or {}
    event = body.get("event") or {}
    if body.get("msgtype") != "event" or event.get("eventtype") != "template_card_event":
        return None
    return event.get("template_card_event") or {}


@dataclass
class Click:
    message_id: str
    task_id: str
    chat: str  # the clicker's userid (one-to-one) or the group's chatid
    group: bool
    subject: str | None  # what the card decides (None: a card the bot does not know)
    title: str = ""
    before: str | None = None  # the matter's state before the click was handled
    again: bool = False  # the same event (msgid) delivered again after it was handled
    done: asyncio.Event = field(default_factory=asyncio.Event)


class Cards:
    def __init__(self, app, client_of) -> None:
        self.app = app
        self._client_of = client_of  # the SDK client of the moment
        self._arrived: dict[str, float] = {}  # event msgid → when it came off the wire (monotonic)
        self._clicks: dict[str, Click] = {}  # chat → the click being handled there
        self._shown: set[int] = set()  # outbox ids a card update said instead

    # ------------------------------------------------------------------ sending

    async def send(self, target: str, out: Outgoing) -> None:
        for index, prompt in enumerate(out.prompts):
            task_id = f"ib{out.id or 0}x{index}x{uuid.uuid4().hex[:10]}"
            card, buttons = build(prompt, task_id)
            self.app.store.save_card(
                task_id,
                out.id,
                target,
                prompt.subject,
                prompt.title,
                json.dumps(buttons, ensure_ascii=False),
                self.app.clock.now(),
            )
            try:
                await self._client_of().send_message(target, {"msgtype": "template_card", "template_card": card})
            except Exception as exc:
                if not refused(exc):
                    raise  # not connected: the message stays queued
                # The text before it, already sent, ends with the command to type: sending it again helps nobody.
                log.warning(
                    "card for outbox #%s to %s was refused (%s); its text says what to send", out.id, target, exc
                )

    async def shown(self, out: Outgoing) -> bool:
        """Whether this message was said by a card update (so it is not sent). A reply to a click being
        handled waits until its card has been updated, or not."""
        click = self._clicks.get(out.room_id or out.contact_id or "")
        if click is not None and out.id not in self._shown:
            try:
                await asyncio.wait_for(click.done.wait(), HOLD_SECONDS)
            except TimeoutError:
                pass
        if out.id in self._shown:
            self._shown.discard(out.id)
            return True
        return False

    # ------------------------------------------------------------------ clicks

    def arrived(self, frame: dict) -> None:
        if card_event(frame) is not None:
            self._arrived[str((frame.get("body") or {}).get("msgid"))] = time.monotonic()

    def begin(self, frame: dict) -> Click | None:
        """A click about to be handled: note what the card shows now; replies to its chat wait for it."""
        event = card_event(frame)
        if event is None:
            return None
        body = frame.get("body") or {}
        chat = body.get("chatid") if body.get("chattype") == "group" else (body.get("from") or {}).get("userid")
        row = self.app.store.card(str(event.get("task_id") or ""))
        click = Click(
            str(body.get("msgid")),
            str(event.get("task_id") or ""),
            chat or "",
            body.get("chattype") == "group",
            row["subject"] if row else None,
            row["title"] if row else "",
        )
        if click.subject:
            click.before = self.app.card_outcome(click.subject)
        click.again = self.app.store.message_status(click.message_id) not in (None, "received")
        self._clicks[click.chat] = click
        return click

    def end(self, click: Click) -> None:
        click.done.set()
        if self._clicks.get(click.chat) is click:
            del self._clicks[click.chat]
        self._arrived.pop(click.message_id, None)

    def incoming(self, body: dict) -> Incoming | None:
        """The click as the command its button runs, sent by the clicker at the click's time."""
        event = card_event({"body": body}) or {}
        sender = (body.get("from") or {}).get("userid")
        if not sender or not body.get("msgid"):
            return None
        row = self.app.store.card(str(event.get("task_id") or ""))
        buttons = dict(json.loads(row["buttons"])) if row else {}
        key = str(event.get("event_key") or "")
        if row is None:
            log.warning("click %s on a card the bot does not know (task %s)", body["msgid"], event.get("task_id"))
        command = buttons.get(key, "")  # the done button (or an unknown key) runs nothing: the card is shown again
        chat = body.get("chatid") if body.get("chattype") == "group" else sender
        click = self._clicks.get(chat) if chat is not None else None
        if click is not None and click.before is not None and self.app.office.members.is_admin(sender):
            command = ""  # decided before: an admin's click runs nothing (a command naming a unit could act anew)
        return incoming(body, sender, command, self.app.clock.now())

    async def answer(self, click: Click, frame: dict, queued: list[Outgoing], replay: bool) -> None:
        """Show on the card what became of the matter, if it is decided and the window is still open.
        Only an admin's click touches the card: anyone else's is refused, in a message to them."""
        if click.again:  # its first delivery updated the card or sent the reply; a second would say «此前已处理»
            log.info("click %s delivered again: handled before, the card is left as it is", click.message_id)
            return
        clicker = ((frame.get("body") or {}).get("from") or {}).get("userid") or ""
        after = self.app.card_outcome(click.subject) if click.subject else None
        if after is None or not self.app.office.members.is_admin(clicker):
            return  # nothing decided, or refused: the replies (a refusal, a question) go out as messages
        line = after if click.before is None else f"{after}。此前已处理，这次点击未做任何登记"
        arrived = self._arrived.get(click.message_id)
        if replay or arrived is None or time.monotonic() - arrived > UPDATE_WINDOW - UPDATE_MARGIN:
            log.info("click %s: too late to update its card; the reply goes out as a message", click.message_id)
            return self._tell(click, line)
        said = [o for o in queued if o.id is not None and not o.prompts and (o.room_id or o.contact_id) == click.chat]
        card = done_card(click.task_id, click.title, line, "\n".join(o.text for o in said))
        try:
            await self._client_of().update_template_card(frame, card)
        except Exception as exc:  # noqa: BLE001 - refused or expired: the reply goes out as a message
            log.warning(
                "click %s: the card update was refused (%s); the reply goes out as a message", click.message_id, exc
            )
            return self._tell(click, line)
        self._shown.update(o.outbox_id for o in said)

    def _tell(self, click: Click, line: str) -> None:
        """A click on a matter decided before, whose card cannot be updated: say so in a message (a click that
        decided it has its reply for that)."""
        if click.before is not None:
            text = f"「{click.title}」{line}。"
            out = Outgoing(text, room_id=click.chat) if click.group else Outgoing(text, contact_id=click.chat)
            self.app.office.notices.post([(out, None)])


def build(prompt: Prompt, task_id: str) -> tuple[dict, list[tuple[str, str]]]:
    """The button_interaction card for a prompt, and its buttons as (key, command)."""
    runs = [run for action in prompt.actions for run in action.runs()]
    if len(runs) > MAX_BUTTONS:  # keep the last (其他) and the first ones
        runs = runs[: MAX_BUTTONS - 1] + runs[-1:]
    buttons = [(f"b{i}", command) for i, (_, command) in enumerate(runs)]
    card = {
        "card_type": "button_interaction",
        "task_id": task_id,
        "main_title": {"title": prompt.title[:TITLE_CHARS]},
        "sub_title_text": prompt.detail[:TEXT_CHARS],
        "button_list": [
            {"text": label, "style": 1 if i == 0 else 2, "key": key}
            for i, ((label, _), (key, _)) in enumerate(zip(runs, buttons))
        ],
    }
    return card, buttons


def done_card(task_id: str, title: str, line: str, reply: str) -> dict:
    """The card once decided: what was done, by whom, when; one grey button that only shows it again."""
    return {
        "card_type": "button_interaction",
        "task_id": task_id,
        "main_title": {"title": title[:TITLE_CHARS], "desc": line[:TEXT_CHARS]},
        "sub_title_text": reply[:TEXT_CHARS],
        "button_list": [{"text": "已处理", "style": 2, "key": DONE_KEY}],
    }
