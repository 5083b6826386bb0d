"""Configuration: units, scoring rules and bot settings, loaded from YAML and validated."""

from bot.settings.errors import ConfigError, Problem
from bot.settings.loader import Config, load_config

__all__ = ["Config", "ConfigError", "Problem", "load_config"]
