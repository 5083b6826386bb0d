"""Click's own errors (a missing argument, an unknown option) in Chinese, like the rest of `infobot`."""

from __future__ import annotations

import re
import sys

import click

from bot.common.errors import UserError

# What the arguments of our commands mean, for 「缺少参数」.
PARAMS = {"REASON": "原因", "ENTRY_ID": "记录号", "FILE": "文件", "UNIT": "单位", "OUT": "输出文件"}


def chinese(exc: click.UsageError) -> str:
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        name = exc.param.human_readable_name
        what = f"缺少参数 {name}" + (f"（{PARAMS[name]}）" if name in PARAMS else "")
    elif isinstance(exc, click.NoSuchOption):
        what = f"没有选项 {exc.option_name}" + (
            f"，您是不是要用：{'、'.join(exc.possibilities)}" if exc.possibilities else ""
        )
    elif isinstance(exc, click.BadParameter):
        what = _bad_value(exc)
    elif m := re.match(r"Option '(.+)' requires an? (?:argument|\w+)", exc.message):
        what = f"选项 {m[1]} 后面缺少值"
    elif exc.message.startswith("Got unexpected extra argument"):
        what = "多余的参数：" + exc.message.split("(", 1)[-1].rstrip(")")
    elif exc.message.startswith("No such command"):
        what = "没有这个命令：" + exc.message.removeprefix("No such command").strip(" .'\"")
    else:
        what = exc.message
    lines = [f"错误：{what.rstrip('。.')}。"]
    if exc.ctx is not None:
        usage = exc.ctx.get_usage().replace("Usage:", "用法：").replace("[OPTIONS]", "[选项]")
        lines += [usage, f"查看说明：{exc.ctx.command_path} --help"]
    return "\n".join(lines)


def _bad_value(exc: click.BadParameter) -> str:
    """A value click's parameter type refused, said in Chinese: which option, what was given, what is valid."""
    param = exc.param
    if param is None:
        return f"参数的值不对：{exc.message}"
    if isinstance(param, click.Option):
        name = max(param.opts, key=len)
    else:
        name = param.human_readable_name + (
            f"（{PARAMS[param.human_readable_name]}）" if param.human_readable_name in PARAMS else ""
        )
    quoted = re.match(r"[^']*'(.*?)'", exc.message)  # click quotes the value it refused first
    given = f"，实际是「{quoted[1]}」" if quoted else ""
    kind = param.type
    if isinstance(kind, click.Choice):
        valid = f"应为 {'、'.join(map(str, kind.choices))} 之一"
    elif isinstance(kind, click.IntRange) and kind.min is not None and kind.max is not None:
        valid = f"应为 {kind.min} 到 {kind.max} 之间的整数"
    elif isinstance(kind, click.types.IntParamType):
        valid = "应为整数"
    elif isinstance(kind, click.types.FloatParamType):
        valid = "应为数字"
    elif isinstance(kind, click.DateTime):
        valid = f"应为日期，格式如 {'、'.join(kind.formats)}"
    elif isinstance(kind, click.Path):
        valid, given = "路径不可用", f"：{exc.message}"
    else:
        return f"{name} 的值不对：{exc.message}"
    return f"{name} {valid}{given}"


class ChineseGroup(click.Group):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            click.echo(chinese(exc), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("已取消。", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


# What a person can do next (a domain Step), in the CLI's words; steps only the chat can take are left out.
CLI_HINTS = {
    "repeat_or_reverse": "如是登记错了，用 infobot revoke {0} 原因。",
    "reverse_with_reason": "例如：infobot revoke 12 单位登记错误。",
    "desk_latest_link": "请用最近打印的链接，或稍后再运行 infobot web。",
}


def worded(error: Exception) -> str:
    """A domain error as `infobot` says it: the sentence, ended, then the CLI's way forward if it has one."""
    text = str(error).rstrip("，；,; ")
    text += "" if text.endswith(("。", "）", ")", "？", "！")) else "。"
    step = error.step if isinstance(error, UserError) else None
    return text + (CLI_HINTS[step.action].format(*step.args) if step and step.action in CLI_HINTS else "")
