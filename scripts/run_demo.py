"""Run `callplan process` on the bundled sample call, with the call's details from its folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from service.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "discovery-call"


def demo_arguments(out: Path) -> list[str]:
    call = json.loads((SAMPLE / "call.json").read_text("utf-8"))
    return [
        "process",
        str(SAMPLE / "call.ogg"),
        "--call-date",
        call["call_date"],
        "--timezone",
        call["timezone"],
        "--buyer-company",
        call["buyer_company"],
        "--seller-company",
        call["seller_company"],
        "--participants",
        str(SAMPLE / "participants.json"),
        "--out",
        str(out),
    ]


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out/demo")
    sys.exit(main(demo_arguments(out)))
