"""import-map on hostile files: every problem is a row/field/reason line, never a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.bot.test_mapcli import KOFFIE


def _import(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["import-map", str(path), "--db", f"sqlite+aiosqlite:///{path.parent}/m.db"])
    _out, err = capsys.readouterr()
    return code, err


def test_a_record_nested_100000_deep_is_an_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "map.jsonl"
    deep = '{"id": "x", "name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text(json.dumps(KOFFIE) + "\n" + deep + "\n", encoding="utf-8")
    code, err = _import(path, capsys)
    assert code == 1
    assert "row 2: nested too deeply" in err
    assert "Traceback" not in err
    whole = tmp_path / "map.json"
    whole.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, err = _import(whole, capsys)
    assert code == 1
    assert "row 1: nested too deeply" in err


def test_a_csv_value_over_131072_characters_is_an_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "description", "themes", "areas"])
    writer.writerow(["koffie", "Koffie", "x" * 200_000, "eenzaamheid", "Dapperbuurt"])
    path = tmp_path / "map.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    code, err = _import(path, capsys)
    assert code == 1
    assert "row 2, field 'description'" in err
    assert "longer than 131072 characters" in err
    assert "Traceback" not in err
