"""Every labelled call: quotes verbatim, and every gold date agrees with the resolver or is a
disagreement checked by hand (scripts/check_eval_dates.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_eval_dates.py"


def load_script() -> Any:
    """The check as a fresh module (its list of known disagreements its own)."""
    spec = importlib.util.spec_from_file_location("check_eval_dates", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_every_quote_is_verbatim_and_every_gold_date_is_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = load_script().main([])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "not yet explained: 0" in out and "quote problems: 0" in out


def test_a_known_disagreement_that_no_longer_occurs_fails_the_check(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = load_script()
    script.KNOWN_RESOLVER_DISAGREEMENTS[("no-such-row", "by Friday")] = "made up"
    assert script.main([]) == 1
    assert "no longer occur (remove them): 1" in capsys.readouterr().out
