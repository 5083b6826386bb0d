"""How many commands the office types in a half-year at the 2019 volumes, chat only and with the desk (#22).

The volumes are the issue's count of the 2019 volumes (about 750 typed commands a year), halved. Each kind of
work names the chat command it takes and the desk page that does it instead, with the clicks and fields that
page asks for in the usual case (the form's own fields, read from bot/web/records.py where it is a record form);
tests/test_desk_typing.py checks that every desk action named here exists on the desk. Run:
    .venv/bin/python -m bench.desk_typing
"""

from __future__ import annotations

from dataclasses import dataclass

ISSUE_ARTICLES = 4  # submissions ticked per issue (as in the browser test: 4 submissions, 3 articles)
TASK_UNITS, TASK_ITEMS = 53, 4


@dataclass(frozen=True)
class Work:
    what: str
    per_year: int
    command: str  # the chat command, typed once per piece of work
    desk: str  # the desk action that does it instead (a route or a record form's slug)
    clicks: int  # clicks (buttons, ticks, choices from a list) per piece of work on the desk
    fields: int  # fields typed per piece of work on the desk
    on_desk: bool = True


WORK = [
    Work("组刊（《上街信息》与公众号各 65 期）", 130, "/组刊", "POST /compose", ISSUE_ARTICLES + 2, 1),
    Work("刊发", 130, "/刊发", "POST /issues/{publication}/{number:int}/publish", 1, 0),
    Work("市、省刊物采用", 100, "/采用", "record:adopt", 4, 2),  # 刊物 类型 + 提交; 报送编号 期数
    Work("批示、培训、优质、优秀调研", 90, "/批示 /培训 /优质 /优秀调研", "record:instruct", 3, 1),
    Work("确认绑定、确认扣分 / 不扣分", 60, "/确认绑定 /确认扣分 /不扣分", "POST /proposals/{id:int}/confirm", 1, 0),
    Work("领导调整、承诺书、扣分、撤销", 28, "/领导调整 /承诺书 /扣分 /撤销", "record:reverse", 2, 2),
    Work("共同任务（53 个单位 × 4 项）", TASK_UNITS * TASK_ITEMS, "/共同任务", "POST /yearend/tasks", 0, 1),
]
GRID_SAVES = 1  # the whole grid is saved with one click


def half_year(work: list[Work] = WORK) -> dict[str, int]:
    """The counts for half a year: typed commands chat only, typed commands with the desk, and the desk's
    clicks and fields (the 共同任务 grid is filled once a year: all of it falls in the second half)."""

    def share(w: Work) -> int:
        return w.per_year if w.command == "/共同任务" else w.per_year // 2

    chat = sum(share(w) for w in work)
    typed = sum(share(w) for w in work if not w.on_desk)
    clicks = sum(share(w) * w.clicks for w in work if w.on_desk) + GRID_SAVES
    fields = sum(share(w) * w.fields for w in work if w.on_desk)
    return {"chat_typed": chat, "desk_typed": typed, "desk_clicks": clicks, "desk_fields": fields}


def per_year(work: list[Work] = WORK) -> dict[str, int]:
    return {"chat_typed": sum(w.per_year for w in work), "desk_typed": sum(w.per_year for w in work if not w.on_desk)}


def main() -> None:
    h, y = half_year(), per_year()
    print("下半年（含年终共同任务），按 2019 年的量：")
    print(f"  只用聊天：输入命令 {h['chat_typed']} 条")
    print(f"  用后台：输入命令 {h['desk_typed']} 条；点击 {h['desk_clicks']} 次，填写 {h['desk_fields']} 个字段")
    print(f"全年：只用聊天输入命令 {y['chat_typed']} 条，用后台 {y['desk_typed']} 条（目标不超过 150 条）")


if __name__ == "__main__":
    main()
