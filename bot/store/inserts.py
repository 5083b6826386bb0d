"""Insert one row and get its id back, typed (sqlite-utils types `last_pk` as possibly None)."""

from __future__ import annotations

from sqlite_utils import Database


def insert_id(db: Database, table: str, row: dict) -> int:
    """Insert `row` into `table` (a rowid table) and return the new row's integer id."""
    pk = db.table(table).insert(row).last_pk
    if not isinstance(pk, int):
        raise TypeError(f"{table}: insert gave no integer id ({pk!r})")
    return pk
