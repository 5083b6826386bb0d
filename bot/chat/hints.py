"""The chat's words for what a person can do next (a domain `Step`): the slash command to send."""

from __future__ import annotations

from bot.common.errors import Step, UserError

AGAIN = "再次"  # an admin's word at the end of a command: a real repeat of a fact already recorded

HINTS = {
    "repeat_or_reverse": f"如确实又有一次，请在命令末尾加「{AGAIN}」重发；如是登记错了，用 /撤销 {{0}} 原因。",
    "reverse_with_reason": "例如：/撤销 12 单位登记错误。",
    "dismiss_with_reason": "例如：/不扣分 3 已电话报送。",
    "correct_decided_proposal": "如需更正，请用 /撤销 和 /扣分。",
    "register_group": "请管理员在群里发送 /设为本群，或在 {0} 的 group.ids 中填写群 id。",
    "register_this_group": "请管理员在群里发送 /设为本群。",
    "roster": "发送 /信息员 查看已绑定的信息员。",
    "roster_unit": "发送 /信息员 {0} 查看。",
    "unbind_by_id": "如：/解绑 {0} 原因",
    "sign_pledge_first": "签订后请先发送「/承诺书 {0}」，再登记新的调整。",
    "start_pledge": "主要领导调整时先发送「/领导调整 {0} 日期」。",
    "topics": "发送 /课题 查看；经验专期写「#调研 专期 【标题】正文」。",
    "prize_title": "如：/调研奖 济办 一等 《关于…的调研》",
    "compose_first": "先用 /组刊 {0} 第{1}期 单条 12 15 综合 20+21+22 简讯 30 31 组好这一期。",
    "compose_again": "如需重新刊发，请先用 /组刊 重新组好这一期。",
    "withdraw_first": "如需更正，先 /撤刊 {0} 第{1}期 <原因>，再重新组刊。",
    "withdraw_with_reason": "如：/撤刊 {0} 第{1}期 期数登记错误。",
    "recompose_draft": "草稿重新 /组刊 即可替换。",
    "name_the_issue": "请写明刊物和期数，如：/刊物 上街信息 第23期。",
    "list_issues": "用 /刊物 {0} 查看已有的期数。",
    "adopt_instead": "市、省刊物的采用来自外单位，请用 /采用 登记。",
    "inbox": "报送编号见报送时机器人的回复，或用 /待采用 查看。",
    "submit_instead": "一般报送请用「#报送 【标题】正文」。",
    "desk_new_link": "请私聊机器人发送 /后台 获取新的链接。",
    "desk_latest_link": "请用最近收到的链接，或稍后再发 /后台。",
    # What the scheduled posts ask people to do.
    "record_for_unit": "邮件、QQ、电话报来的请用「#报送 单位 【标题】正文 渠道」代登记。",
    "record_pledge": "签订后发送「/承诺书 单位」登记。",
    "record_awards": "评出后用「/优质 报送编号或单位」登记。",
    "submit_with_file": "如要报送，请发送 #报送 【标题】正文，并在 {0} 分钟内重新发来这个文件。",
    "submit_research": "请抓紧上报：#调研 课题号 【标题】正文（经验专期：#调研 专期 【标题】正文），课题号见 /课题。",
}


def confirm_hint(proposals) -> str:
    """How to decide deduction proposals (bot.office.proposals.Proposal)."""
    ids = " ".join(str(p.id) for p in proposals)
    return (
        f"确认扣分请发送「/确认扣分 {ids}」；有正当理由不扣的，发送「/不扣分 提议号 原因」。未经管理员确认，不会扣分。"
    )


def hint(step: Step | None) -> str:
    return HINTS[step.action].format(*step.args) if step else ""


def worded(error: UserError) -> str:
    """A domain error as the chat says it: the sentence, then the command to send next."""
    return f"{error}{hint(error.step)}"
