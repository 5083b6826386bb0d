"""Click's own errors (a missing argument, an unknown option) in Chinese, like the rest of `infobot`."""
from __future__ import annotations

import sys

import click

# What the arguments of our commands mean, for 「缺少参数」.
PARAMS = {"REASON": "原因", "ENTRY_ID": "记录号", "FILE": "文件", "UNIT": "单位", "OUT": "输出文件"}


def chinese(exc: click.UsageError) -> str:
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        name = exc.param.human_readable_name
        what = f"缺少参数 {name}" + (f"（{PARAMS[name]}）" if name in PARAMS else "")
    elif isinstance(exc, click.NoSuchOption):
        what = f"没有选项 {exc.option_name}" + (f"，您是不是要用：{'、'.join(exc.possibilities)}" if exc.possibilities
                                               else "")
    elif isinstance(exc, click.BadParameter):
        name = exc.param.human_readable_name if exc.param is not None else "参数"
        what = f"{name} 的值不对：{exc.message}"
    elif exc.message.startswith("Got unexpected extra argument"):
        what = "多余的参数：" + exc.message.split("(", 1)[-1].rstrip(")")
    elif exc.message.startswith("No such command"):
        what = "没有这个命令：" + exc.message.removeprefix("No such command").strip(" .'\"")
    else:
        what = exc.message
    lines = [f"错误：{what}。"]
    if exc.ctx is not None:
        usage = exc.ctx.get_usage().replace("Usage:", "用法：").replace("[OPTIONS]", "[选项]")
        lines += [usage, f"查看说明：{exc.ctx.command_path} --help"]
    return "\n".join(lines)


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
