"""Chat goes on while `infobot import` writes a file into the same database: no message is lost.
(The 300,000-row proof is `python -m bench.import_during_chat`; this runs the same with 10,000 rows.)"""

from __future__ import annotations

from bench.import_during_chat import run


def test_no_message_is_lost_while_a_large_file_is_imported(tmp_path):
    result = run(10_000, tmp_path)
    assert result["import_exit"] == 0, result["import_output"]
    assert result["imported"] == 10_000
    assert result["sent"] > 0
    assert result["lost"] == 0
    assert result["stored"] == result["handled"] == result["answered"] == result["sent"]
