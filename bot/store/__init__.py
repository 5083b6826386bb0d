"""The only package that speaks SQL."""
from bot.store.database import Store, open_store

__all__ = ["Store", "open_store"]
