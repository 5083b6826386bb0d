"""The only package that speaks SQL."""
from bot.store.database import Store, open_store
from bot.store.receipt import is_busy

__all__ = ["Store", "is_busy", "open_store"]
