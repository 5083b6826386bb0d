"""Undo what a transaction did outside the database (a file written) when the transaction rolls back."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from sqlite_utils import Database


class RollbackActions:
    db: Database
    _undo: list[Callable[[], None]]

    def on_rollback(self, undo: Callable[[], None]) -> None:
        """Run `undo` if the transaction (or savepoint) under way rolls back; outside one, nothing can."""
        if self.db.conn.in_transaction:
            self._undo.append(undo)

    @contextlib.contextmanager
    def _undoing(self) -> Iterator[None]:
        """Around a transaction or savepoint: on an error, undo what was registered inside it (last first)."""
        outermost = not self.db.conn.in_transaction
        mark = len(self._undo)
        try:
            yield
        except BaseException:
            undo, self._undo[mark:] = self._undo[mark:], []
            for step in reversed(undo):
                with contextlib.suppress(OSError):
                    step()
            raise
        if outermost:
            self._undo.clear()  # committed: nothing left to undo
