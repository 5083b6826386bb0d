"""Reads and validates the config directory; a bad file stops start-up with every problem listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.common.workdays import WorkCalendar, build_calendar, package_calendar
from bot.settings.botfile import BotSettings, parse_bot
from bot.settings.errors import ConfigError, Problem
from bot.settings.holidays import parse_holidays
from bot.settings.reader import YamlFile
from bot.settings.rules import RuleBook, parse_rules
from bot.settings.topics import TopicBook, parse_topics
from bot.settings.units import UnitDirectory, parse_units


@dataclass(frozen=True)
class Config:
    directory: Path
    units: UnitDirectory
    rules: RuleBook
    bot: BotSettings
    topics: TopicBook = TopicBook({})
    calendar: WorkCalendar = field(default_factory=package_calendar)

    def file(self, name: str) -> str:
        """A config file as messages name it: in the directory in use (`--config`), not always config/."""
        return str(self.directory / name)


def load_config(directory: str | Path) -> Config:
    directory = Path(directory)
    if not directory.is_dir():
        raise ConfigError([Problem(str(directory), "", "配置目录不存在（可用 --config 指定）")])
    scoring = YamlFile(directory / "scoring.yaml")
    rules = parse_rules(scoring, scoring.load())
    units_file = YamlFile(directory / "units.yaml")
    units = parse_units(units_file, units_file.load(), rules.quota_categories or None)
    bot_file = YamlFile(directory / "bot.yaml")
    bot = parse_bot(bot_file, bot_file.load())
    topics_file = YamlFile(directory / "topics.yaml")
    # Optional: without it, #调研 and /课题 say that no topics are configured.
    topics = parse_topics(topics_file, topics_file.load()) if topics_file.path.exists() else TopicBook({})
    holidays_file = YamlFile(directory / "holidays.yaml")
    # Optional: without it, only the years the chinesecalendar package knows.
    holidays = (
        parse_holidays(holidays_file, holidays_file.load(dates_as_text=True)) if holidays_file.path.exists() else {}
    )
    problems = (
        scoring.problems + units_file.problems + bot_file.problems + topics_file.problems + holidays_file.problems
    )
    if not problems:
        problems = _cross_checks(units_file, units, rules)
    if problems:
        raise ConfigError(problems)
    return Config(directory, units, rules, bot, topics, build_calendar(holidays, str(holidays_file.path)))


def _cross_checks(f: YamlFile, units: UnitDirectory, rules: RuleBook):
    for year in units.years():
        try:
            rules.for_year(year)
        except LookupError as exc:
            f.problem("units", str(exc))
    return f.problems
