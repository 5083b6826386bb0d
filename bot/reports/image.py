"""The ranking as a PNG to post in the group, drawn from the bulletin table with a real CJK font."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from bot.reports import standing
from bot.reports.fonts import CjkFont, FontFace, NoCjkFont, find_cjk_font, require_glyphs
from bot.reports.table import BulletinTable, Column, bulletin_table
from bot.reports.text import render_text
from bot.scoring import Scoreboard
from bot.settings.rules import RuleBook

# Everything is drawn at twice the nominal size so the image stays sharp when zoomed on a phone.
SCALE = 2
BODY = 13 * SCALE
TITLE = 21 * SCALE
SMALL = 11 * SCALE
ROW = 24 * SCALE
PAD = 6 * SCALE
MARGIN = 20 * SCALE
TABLE_TOP = MARGIN + int(TITLE * 1.5) + int(BODY * 1.7)  # below the title and the subtitle

INK = "#1f1f1f"
MUTED = "#9a9a9a"
GRID = "#b4b4b4"
FRAME = "#4d4d4d"
HEADER_FILL = "#dde6f2"
STRIPE_FILL = "#f6f7f9"
DONE_FILL = "#dcefd5"
DONE_INK = "#1d6b2f"
LOW_FILL = "#fbe0df"
LOW_INK = "#b3261e"

FALLBACK_NOTICE = "【提示】本机未找到能显示中文的字体，排名图改为文字版。"


@dataclass(frozen=True)
class RankingPost:
    """What the group sees: an image with a caption, or (no CJK font) the ranking as text."""

    image: bytes | None
    text: str


def ranking_post(board: Scoreboard, rules: RuleBook) -> RankingPost:
    """For the monthly bulletin job: the PNG when it can be drawn, else a text fallback that says why."""
    try:
        return RankingPost(render_png(board, rules), caption(board))
    except NoCjkFont as exc:
        table = bulletin_table(board, rules)
        return RankingPost(None, f"{FALLBACK_NOTICE}（{exc.detail}）\n\n{render_text(table)}")


def caption(board: Scoreboard) -> str:
    done = standing.exceeded(board)
    text = f"{board.period.label}各单位信息工作排名（时间进度 {standing.progress_label(board)}）。"
    if done:
        text += f"{'、'.join(r.unit.name for r in done)}已完成全年目标任务。"
    return text


def render_png(board: Scoreboard, rules: RuleBook, font: CjkFont | None = None, lowest: int = standing.LOWEST) -> bytes:
    """The ranking image. Raises NoCjkFont rather than draw any character as a box."""
    font = font or find_cjk_font()
    if font is None:
        raise NoCjkFont()
    table = bulletin_table(board, rules)
    done = {r.unit.name for r in standing.exceeded(board)}
    low = {r.unit.name for r in standing.lowest(board, lowest)}
    tie = standing.crowded_tie(board, lowest)
    if tie:  # say why the bottom is not marked, rather than paint most of the table red
        table.notes.append(f"{tie[0]} 个单位任务占比并列 {tie[1]}%，排名末位不逐一标出。")
    return _Painter(font, table, board, done, low, lowest).png()


def _wrap_label(col: Column[Any]) -> str:
    """累计得分 → 累计/得分: two short lines keep number columns narrow, as in the printed table."""
    if col.group is None and len(col.label) >= 4:
        half = (len(col.label) + 1) // 2
        return f"{col.label[:half]}\n{col.label[half:]}"
    return col.label


class _Painter:
    def __init__(
        self, font: CjkFont, table: BulletinTable, board: Scoreboard, done: set[str], low: set[str], lowest: int
    ):
        self.table, self.board, self.done, self.low = table, board, done, low
        self.body = font.regular.load(BODY)
        self.small = font.regular.load(SMALL)
        self.bold_face: FontFace = font.bold or font.regular
        self.fake_bold = font.bold is None
        self.bold = self.bold_face.load(BODY)
        self.title_font = self.bold_face.load(TITLE)
        self.unit_col = next((i for i, c in enumerate(table.columns) if c.label == "单位"), 1)
        self.subtitle = self._subtitle()
        self.legend = [
            (fill, label)
            for fill, label, shown in (
                (DONE_FILL, "任务占比达到 100%（已完成全年目标任务）", done),
                (LOW_FILL, f"排名末 {lowest} 位（并列的一并标出）", low),
            )
            if shown
        ]
        self.notes = [f"注：{n}" for n in table.notes]
        require_glyphs(font, self._all_text())
        self.widths = self._column_widths()

    # --- layout ---------------------------------------------------------------------

    def _subtitle(self) -> str:
        b = self.board
        return (
            f"时间进度 {standing.progress_label(b)}　被考核单位 {len(b.rows)} 个　"
            f"已完成全年目标任务 {len(standing.exceeded(b))} 个　"
            f"达到时间进度 {len(standing.on_schedule(b))} 个"
        )

    def _all_text(self) -> str:
        parts = [self.table.title, self.subtitle, *self.notes, *(t for _, t in self.legend)]
        parts += [c.group or "" for c in self.table.columns] + [c.label for c in self.table.columns]
        parts += [str(v) for row in self.table.rows for v in row]
        return "".join(parts)

    def _width(self, text: str, font: ImageFont.FreeTypeFont) -> int:
        return max((int(font.getlength(line)) for line in text.split("\n")), default=0)

    def _column_widths(self) -> list[int]:
        cols = self.table.columns
        widths = []
        for i, col in enumerate(cols):
            cells = [self._width(str(row[i]), self.body) for row in self.table.rows]
            widths.append(max([self._width(_wrap_label(col), self.bold), *cells]) + 2 * PAD)
        # A group title wider than its columns widens them evenly.
        for group in dict.fromkeys(c.group for c in cols if c.group):
            idx = [i for i, c in enumerate(cols) if c.group == group]
            need = self._width(group, self.bold) + 2 * PAD - sum(widths[i] for i in idx)
            for k, i in enumerate(idx):
                widths[i] += need // len(idx) + (1 if k < need % len(idx) else 0) if need > 0 else 0
        return widths

    def _wrapped(self, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
        lines, line = [], ""
        for ch in text:
            if font.getlength(line + ch) > width and line:
                lines.append(line)
                line = ch
            else:
                line += ch
        return lines + [line] if line else lines

    # --- drawing --------------------------------------------------------------------

    def png(self) -> bytes:
        table_w = sum(self.widths)
        width = table_w + 2 * MARGIN
        note_lines = [ln for n in self.notes for ln in self._wrapped(n, self.small, table_w)]
        small_h = int(SMALL * 1.6)
        height = (
            TABLE_TOP
            + 2 * ROW
            + len(self.table.rows) * ROW
            + int(ROW * 0.6)
            + (small_h if self.legend else 0)
            + len(note_lines) * small_h
            + MARGIN
        )
        img = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(img)

        y = MARGIN
        self._text(draw, (width // 2, y + TITLE // 2), self.table.title, self.title_font, "mm", INK, bold=True)
        y += int(TITLE * 1.5)
        draw.text((width // 2, y + BODY // 2), self.subtitle, font=self.body, anchor="mm", fill="#4a4a4a")
        y = TABLE_TOP

        top = y
        y = self._header(draw, MARGIN, y)
        for n, row in enumerate(self.table.rows):
            self._row(draw, MARGIN, y, row, n)
            y += ROW
        draw.rectangle([MARGIN, top, MARGIN + table_w, y], outline=FRAME, width=SCALE)

        y += int(ROW * 0.6)
        x = MARGIN
        for fill, label in self.legend:
            box = SMALL
            draw.rectangle(
                [x, y + (small_h - box) // 2 - SCALE, x + box, y + (small_h + box) // 2 - SCALE],
                fill=fill,
                outline=GRID,
            )
            x += box + PAD
            draw.text((x, y + small_h // 2), label, font=self.small, anchor="lm", fill=INK)
            x += int(self.small.getlength(label)) + 3 * PAD
        y += small_h if self.legend else 0
        for line in note_lines:
            draw.text((MARGIN, y + small_h // 2), line, font=self.small, anchor="lm", fill="#4a4a4a")
            y += small_h

        buffer = io.BytesIO()
        img.save(buffer, format="PNG")
        return buffer.getvalue()

    def _text(self, draw, xy, text, font, anchor, fill, bold=False) -> None:
        stroke = 1 if bold and self.fake_bold else 0
        draw.multiline_text(
            xy,
            text,
            font=font,
            anchor=anchor,
            fill=fill,
            align="center",
            stroke_width=stroke,
            stroke_fill=fill,
            spacing=SCALE * 2,
        )

    def _header(self, draw: ImageDraw.ImageDraw, x0: int, y: int) -> int:
        cols, widths = self.table.columns, self.widths
        draw.rectangle([x0, y, x0 + sum(widths), y + 2 * ROW], fill=HEADER_FILL)
        x = x0
        i = 0
        while i < len(cols):
            col = cols[i]
            if col.group is None:
                self._cell_frame(draw, x, y, widths[i], 2 * ROW)
                self._text(draw, (x + widths[i] // 2, y + ROW), _wrap_label(col), self.bold, "mm", INK, True)
                x += widths[i]
                i += 1
                continue
            j = i
            while j < len(cols) and cols[j].group == col.group:
                j += 1
            span = sum(widths[i:j])
            self._cell_frame(draw, x, y, span, ROW)
            self._text(draw, (x + span // 2, y + ROW // 2), col.group, self.bold, "mm", INK, True)
            for k in range(i, j):
                self._cell_frame(draw, x, y + ROW, widths[k], ROW)
                self._text(draw, (x + widths[k] // 2, y + ROW + ROW // 2), cols[k].label, self.bold, "mm", INK, True)
                x += widths[k]
            i = j
        return y + 2 * ROW

    def _row(self, draw: ImageDraw.ImageDraw, x0: int, y: int, row: list[object], n: int) -> None:
        unit = str(row[self.unit_col])
        status = "done" if unit in self.done else "low" if unit in self.low else None
        fill = DONE_FILL if status == "done" else LOW_FILL if status == "low" else (STRIPE_FILL if n % 2 else "white")
        draw.rectangle([x0, y, x0 + sum(self.widths), y + ROW], fill=fill)
        x = x0
        for i, (col, value) in enumerate(zip(self.table.columns, row)):
            w = self.widths[i]
            self._cell_frame(draw, x, y, w, ROW)
            text = str(value)
            ink = INK
            font = self.body
            if col.label == "任务占比" and status:
                ink, font = (DONE_INK if status == "done" else LOW_INK), self.bold
            elif value == 0 and col.label not in ("序号", "单位"):
                ink = MUTED
            if i == self.unit_col:
                draw.text((x + PAD, y + ROW // 2), text, font=font, anchor="lm", fill=ink)
            else:
                self._text(draw, (x + w // 2, y + ROW // 2), text, font, "mm", ink, font is self.bold)
            x += w

    def _cell_frame(self, draw: ImageDraw.ImageDraw, x: int, y: int, w: int, h: int) -> None:
        draw.rectangle([x, y, x + w, y + h], outline=GRID, width=1)
