"""The checks of `infobot doctor`, in the order they are shown. Each returns Check lines; nothing here
writes to the database or the network beyond a rolled-back write test and one short connection."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import bot.jobs  # noqa: F401 - the `@job` declarations the config's schedule is checked against
from bot.health.report import FAIL, PASS, SKIP, WARN, Check
from bot.health.schedule import next_posts
from bot.health.holidays import holiday_coverage_problem
from bot.office.notices import GROUP_ROOM
from bot.reports.fonts import INSTALL_HINT, find_cjk_font
from bot.settings import Config, ConfigError, load_config
from bot.store.backups import PREFIX
from bot.store.health import DatabaseProbe, creatable

BACKUP_MAX_DAYS = 2  # the daily backup runs every night: older than this, it has stopped
DISK_FAIL_MB, DISK_WARN_MB = 200, 1024
PROBE_SECONDS = 10.0


@dataclass
class Doctor:
    config_dir: Path
    db_path: Path
    now: datetime
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    disk_usage: Callable[[Path], tuple[int, int, int]] = shutil.disk_usage
    find_font: Callable = find_cjk_font
    connect: bool = True  # False: the chat network's endpoint is not contacted
    config: Config | None = None

    def run(self) -> list[Check]:
        checks = [self.check_config()]
        probe = self._open_database(checks)
        try:
            checks += [self.check_backup(), self.check_font(), self.check_network()]
            checks += [
                self.check_group(probe),
                *self.check_contacts(probe),
                self.check_disk(),
                self.check_holidays(),
                self.check_schedule(),
            ]
        finally:
            if probe is not None:
                probe.close()
        return checks

    # --- config and database -------------------------------------------------------------------

    def check_config(self) -> Check:
        try:
            self.config = load_config(self.config_dir)
        except ConfigError as exc:
            return Check(FAIL, "配置", f"{self.config_dir} 有错误：{exc}")
        except OSError as exc:
            return Check(FAIL, "配置", f"读不到配置目录 {self.config_dir}：{exc}")
        units = self.config.units
        return Check(
            PASS,
            "配置",
            f"{self.config_dir} 有效：{len(units)} 个单位，"
            f"{self.now.year} 年度考核 {len(units.assessed(self.now.year))} 个",
        )

    def _open_database(self, checks: list[Check]) -> DatabaseProbe | None:
        db = self.db_path
        if not db.exists():
            problem = creatable(db.parent)
            if problem:
                checks.append(Check(FAIL, "数据库可写", f"{db} 不存在，且无法在 {db.parent} 创建：{problem}"))
            else:
                checks.append(Check(WARN, "数据库可写", f"{db} 还不存在，首次启动（或 infobot check）时创建"))
            checks += [Check(SKIP, "数据库完整性", "数据库还不存在"), Check(SKIP, "数据库迁移", "数据库还不存在")]
            return None
        probe = DatabaseProbe(db)
        problem = probe.write_problem()
        checks.append(
            Check(FAIL, "数据库可写", f"{db} 无法写入（{problem}）。请检查文件和所在目录的属主与权限、磁盘是否已满")
            if problem
            else Check(PASS, "数据库可写", f"{db}")
        )
        damage = probe.integrity_problems()
        if damage:
            shown = "；".join(damage[:3])
            checks.append(
                Check(
                    FAIL,
                    "数据库完整性",
                    f"integrity_check 未通过（{shown}）。请停止机器人，把 {db} 改名保留，"
                    f"再把 {db.parent / 'backups'} 里最近的一份备份复制为 {db}",
                )
            )
            checks.append(Check(SKIP, "数据库迁移", "数据库已损坏"))
            probe.close()
            return None
        checks.append(Check(PASS, "数据库完整性", f"integrity_check 通过，{probe.count_entries()} 条登记记录"))
        applied, pending = probe.migrations()
        if pending:
            checks.append(
                Check(
                    WARN,
                    "数据库迁移",
                    f"有 {len(pending)} 个迁移尚未执行（{'、'.join(pending)}）；"
                    "下次启动或执行 infobot check 时先自动备份，再执行迁移",
                )
            )
        else:
            checks.append(Check(PASS, "数据库迁移", f"已是最新（{applied} 个迁移）"))
        return probe

    def check_backup(self) -> Check:
        directory = self.db_path.parent / "backups"
        dated = sorted(_backup_dates(directory))
        enabled = self.config is None or self.config.bot.schedule.job("daily_backup").enabled
        if not dated:
            how = (
                "每日备份已在 bot.yaml 停用，请定期手动执行 infobot backup"
                if not enabled
                else "机器人运行后每天自动备份；也可现在执行 infobot backup 文件名"
            )
            return Check(WARN, "最近备份", f"{directory} 里还没有每日备份。{how}")
        age = (self.now.date() - dated[-1]).days
        text = f"最近一份是 {dated[-1]:%Y-%m-%d} 的（{age} 天前），在 {directory}"
        if age > BACKUP_MAX_DAYS:
            stopped = "每日备份已在 bot.yaml 停用" if not enabled else "每日备份可能没有运行（机器人停了？看日志）"
            return Check(FAIL, "最近备份", f"{text}，超过 {BACKUP_MAX_DAYS} 天。{stopped}")
        return Check(PASS, "最近备份", text)

    # --- the machine -----------------------------------------------------------------------------

    def check_font(self) -> Check:
        font = self.find_font()
        if font is None:
            return Check(FAIL, "中文字体", f"没有能画中文的字体，排名图会改发文字版。{INSTALL_HINT}")
        return Check(PASS, "中文字体", f"{font.name}（{font.regular.path}）")

    def check_disk(self) -> Check:
        where = _existing(self.db_path.parent)
        free_mb = self.disk_usage(where)[2] // (1024 * 1024)
        text = f"{where} 所在磁盘剩余 {free_mb} MB"
        if free_mb < DISK_FAIL_MB:
            return Check(FAIL, "磁盘空间", f"{text}，少于 {DISK_FAIL_MB} MB：数据库写满后机器人会停止。请清理磁盘")
        if free_mb < DISK_WARN_MB:
            return Check(WARN, "磁盘空间", f"{text}，少于 {DISK_WARN_MB} MB，请留意（每日备份会占用空间）")
        return Check(PASS, "磁盘空间", text)

    # --- the chat network ------------------------------------------------------------------------

    def check_network(self) -> Check:
        from bot.transports.networks import choose
        from bot.transports.wecom_env import ChatEnvError

        try:
            chosen = choose(self.environ).name
        except ChatEnvError as exc:
            return Check(FAIL, "聊天网络", str(exc).removeprefix("错误："))
        if chosen == "console":
            return Check(
                SKIP,
                "聊天网络",
                "未设置企业微信（WECOM_BOT_ID）或微信（WECHATY_PUPPET_SERVICE_TOKEN）的凭据，"
                "机器人将使用本地控制台，不连接网络",
            )
        if self.config is None:
            return Check(SKIP, "聊天网络", "配置无效")
        return self._wecom(self.config) if chosen == "wecom" else self._wechaty(self.config)

    def _wecom(self, config: Config) -> Check:
        from bot.transports.wecom_env import ChatEnvError, check_wecom_env

        try:
            env = check_wecom_env(self.environ)
        except ChatEnvError as exc:
            return Check(FAIL, "聊天网络", str(exc).removeprefix("错误："))
        if not self.connect:
            return Check(SKIP, "聊天网络", f"企业微信 {env.ws_url}（按 --no-connect 未连接）")
        try:
            from bot.transports.wecom_probe import LoginFailed, probe_wecom
        except ImportError as exc:
            return Check(FAIL, "聊天网络", f"没有安装企业微信通道所需的 wecom-aibot-sdk（{exc}）")
        try:
            asyncio.run(probe_wecom(env, config.bot.wecom, PROBE_SECONDS))
        except (LoginFailed, asyncio.TimeoutError) as exc:
            return Check(FAIL, "聊天网络", f"企业微信 {env.ws_url}：{exc or '连接超时'}")
        return Check(PASS, "聊天网络", f"企业微信 {env.ws_url} 连接并认证成功（机器人 {env.bot_id}）")

    def _wechaty(self, config: Config) -> Check:
        from bot.transports.wechaty_env import WechatEnvError, check_wechat_env

        try:
            endpoint = check_wechat_env(self.environ, config.bot.wechaty.web_port)
        except WechatEnvError as exc:
            return Check(FAIL, "聊天网络", str(exc).removeprefix("错误："))
        if not self.connect:
            return Check(SKIP, "聊天网络", f"微信 puppet service {endpoint}（按 --no-connect 未连接）")
        try:
            from bot.transports.wechaty_probe import PuppetUnreachable, probe_puppet
        except ImportError as exc:
            return Check(FAIL, "聊天网络", f"没有安装微信通道所需的 python-wechaty（{exc}）")
        token = self.environ.get("WECHATY_PUPPET_SERVICE_TOKEN", "").strip()
        try:
            version = asyncio.run(probe_puppet(endpoint, token, PROBE_SECONDS))
        except PuppetUnreachable as exc:
            return Check(FAIL, "聊天网络", f"微信：{exc}")
        return Check(PASS, "聊天网络", f"微信 puppet service {endpoint} 应答，令牌有效（版本 {version}）")

    # --- what the store knows --------------------------------------------------------------------

    def check_group(self, probe: DatabaseProbe | None) -> Check:
        if self.config is None:
            return Check(SKIP, "本群", "配置无效")
        if self.config.bot.group_ids:
            return Check(PASS, "本群", f"bot.yaml 的 group.ids 指定为 {self.config.bot.group_ids[0]}")
        room = probe.state(GROUP_ROOM) if probe else None
        if room:
            return Check(PASS, "本群", f"已登记群 id {room}")
        return Check(
            WARN,
            "本群",
            f"「{self.config.bot.group_label}」还没有登记，定时通报发不出去。启动后请管理员在群里"
            "发送 /设为本群，或在 config/bot.yaml 的 group.ids 填写群 id",
        )

    def check_contacts(self, probe: DatabaseProbe | None) -> list[Check]:
        if self.config is None:
            return [Check(SKIP, "管理员和领导", "配置无效")]
        people = [("管理员", a.name, a.contact_id) for a in self.config.bot.admins]
        people += [
            (f"{u.name}{lead.role}", lead.name, lead.contact_id) for u in self.config.units for lead in u.leaders
        ]
        reach = probe.reach([p[2] for p in people]) if probe else {}
        failed = [
            f"{role} {name}（{cid}）：{reach[cid].last_error or '发送失败'}"
            for role, name, cid in people
            if cid in reach and reach[cid].last_status == "failed"
        ]
        known = [cid for _, _, cid in people if cid in reach and (reach[cid].last_heard or reach[cid].last_status)]
        unknown = len(people) - len(known)
        if failed:
            return [
                Check(
                    FAIL,
                    "管理员和领导",
                    "最近一次私信发送失败："
                    + "；".join(failed[:5])
                    + "。请核对 bot.yaml / units.yaml 中的 contact_id，并确认此人仍在通讯录中、未屏蔽机器人",
                )
            ]
        text = f"共 {len(people)} 人，{len(known) - len(failed)} 人有过私信往来"
        if unknown:
            return [Check(WARN, "管理员和领导", f"{text}，{unknown} 人还没有往来记录，能否收到私信尚不可知")]
        return [Check(PASS, "管理员和领导", text)]

    def check_holidays(self) -> Check:
        if self.config is None:
            return Check(SKIP, "法定节假日", "配置无效")
        problem = holiday_coverage_problem(self.config.calendar, self.now.date())
        known = f"已知 {self.config.calendar.describe_years()}"
        return Check(WARN, "法定节假日", f"{problem}（{known}）") if problem else Check(PASS, "法定节假日", known)

    def check_schedule(self) -> Check:
        if self.config is None:
            return Check(SKIP, "定时通报", "配置无效")
        posts = next_posts(self.config.bot.schedule, self.config.bot.office_hours, self.config.calendar, self.now)
        shown = "；".join(f"{when:%Y-%m-%d %H:%M} {title}" for when, title in posts)
        if not posts:
            return Check(WARN, "定时通报", "所有定时通报都已停用（bot.yaml 的 schedule）")
        return Check(PASS, "定时通报", f"接下来 {len(posts)} 次：{shown}")


def _backup_dates(directory: Path) -> list[date]:
    found = []
    for path in directory.glob(f"{PREFIX}*.db") if directory.is_dir() else []:
        try:
            found.append(datetime.strptime(path.stem.removeprefix(PREFIX), "%Y%m%d").date())
        except ValueError:
            continue
    return found


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
