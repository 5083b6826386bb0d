"""The only package that speaks SQL."""

from bot.store.database import Store, open_store
from bot.store.failures import explain_failure
from bot.store.receipt import is_busy

__all__ = ["Store", "explain_failure", "is_busy", "open_store"]
