"""A chat model that replays answers written once from a real call (an honest fake, not a patch).

`ReplayChatModel` is a langchain `BaseChatModel`, so the extractor drives it exactly as it drives
ChatOpenAI: same messages, same `response_format`, usage read from `usage_metadata`. It reads the
transcript lines in the prompt, as a model would, and answers with the recorded items it could
have found there: those whose evidence lies in the segments shown. An item shown a second time
(a later part repeating the end of the one before) comes back as the recording paraphrases it,
as a model rewords what it sees again. `scripted` answers (recorded bad answers) go first.
Every request is kept in `requests` for the test to read.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from pipeline.extract.llm_chunks import estimate_tokens

ANSWERS = Path(__file__).parent / "llm_answers"
_LINE = re.compile(r"^\[(\d+)\] ", re.MULTILINE)
_BLOCK = re.compile(r"<<<BEGIN TRANSCRIPT>>>\n(.*?)<<<END TRANSCRIPT>>>", re.DOTALL)
KINDS = ("outcomes", "stakeholders", "commitments", "key_dates", "risks")


def load_recording(name: str = "discovery-call") -> dict[str, list[dict[str, Any]]]:
    items: dict[str, list[dict[str, Any]]] = json.loads(
        (ANSWERS / f"{name}.json").read_text("utf-8")
    )["items"]
    return items


class ReplayChatModel(BaseChatModel):
    """Answers each request with the recorded items visible in the segments it was shown."""

    recording: dict[str, list[dict[str, Any]]]
    scripted: list[str] = Field(default_factory=list)
    model_name: str = "replay"
    requests: list[list[BaseMessage]] = Field(default_factory=list)
    returned: set[tuple[str, int]] = Field(default_factory=set)

    @property
    def _llm_type(self) -> str:
        return "replay"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        assert kwargs["response_format"]["type"] == "json_schema"  # the extractor always asks
        self.requests.append(list(messages))
        text = self.scripted.pop(0) if self.scripted else self._answer(shown_ids(messages))
        prompt = "\n".join(str(m.content) for m in messages)
        message = AIMessage(
            content=text,
            usage_metadata={
                "input_tokens": estimate_tokens(prompt),
                "output_tokens": estimate_tokens(text),
                "total_tokens": estimate_tokens(prompt) + estimate_tokens(text),
            },
            response_metadata={"finish_reason": "stop", "model_name": self.model_name},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _answer(self, shown: set[int]) -> str:
        answer: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
        for kind in KINDS:
            for index, recorded in enumerate(self.recording.get(kind, [])):
                item = self._visible(recorded, shown, seen=(kind, index) in self.returned)
                if item is not None:
                    answer[kind].append(item)
                    self.returned.add((kind, index))
        return json.dumps(answer)

    @staticmethod
    def _visible(recorded: dict[str, Any], shown: set[int], seen: bool) -> dict[str, Any] | None:
        item = {k: v for k, v in copy.deepcopy(recorded).items() if k not in ("paraphrase", "also")}
        if not _cited(item) <= shown:
            also = recorded.get("also")
            if also is None or not _cited(also) <= shown:
                return None
            item |= copy.deepcopy(also)
        elif seen:
            item |= copy.deepcopy(recorded.get("paraphrase", {}))
        return item


def shown_ids(messages: Sequence[BaseMessage]) -> set[int]:
    """The segment ids in the transcript block of the first user message."""
    user = next(str(m.content) for m in messages if m.type == "human")
    block = _BLOCK.search(user)
    assert block is not None, "the prompt has no transcript block"
    return {int(i) for i in _LINE.findall(block.group(1))}


def _cited(item: dict[str, Any]) -> set[int]:
    return {i for e in item["evidence"] for i in e["segment_ids"]}
