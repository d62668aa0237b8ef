"""What an extraction cost in dollars: tokens times a price per model.

The table holds OpenAI's list prices (USD per million tokens, standard tier, as published in
2025) for the models a deployment is likely to use; a dated snapshot ("gpt-4o-mini-2024-07-18")
is priced as its model. Discounts (cached input, batch) are not counted, so the figure is an
upper bound. Settings override either price (per 1,000 tokens, for contracts and other models);
a self-hosted or in-process model costs nothing per token; any other model has no price, and its
cost is None rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.settings import LLMSettings

# model: (input, output) in USD per 1M tokens.
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
    "o4-mini": (1.10, 4.40),
    "o3-mini": (1.10, 4.40),
    "gpt-3.5-turbo": (0.50, 1.50),
}
_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Price:
    """USD per 1,000 tokens."""

    input_per_1k: float
    output_per_1k: float

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        total = input_tokens * self.input_per_1k + output_tokens * self.output_per_1k
        return round(total / 1000, 6)


def listed_price(model: str) -> Price | None:
    """The table's price for a model name or a dated snapshot of it."""
    listed = PRICES_PER_MILLION.get(_SNAPSHOT.sub("", model.strip().lower()))
    if listed is None:
        return None
    return Price(input_per_1k=listed[0] / 1000, output_per_1k=listed[1] / 1000)


def price_for(settings: LLMSettings) -> Price | None:
    """The price to charge: the settings' override, else free for a local model, else the table.

    A self-hosted endpoint (any base URL other than OpenAI's) is priced only by the settings:
    its model names are not OpenAI's, and its tokens are not billed per token.
    """
    provider = settings.resolved_provider
    if provider == "local":
        default: Price | None = Price(0.0, 0.0)
    elif provider == "openai" and settings.base_url and "api.openai.com" not in settings.base_url:
        default = None
    else:
        default = listed_price(settings.model)
    input_price, output_price = settings.price_input_per_1k, settings.price_output_per_1k
    if input_price is None and output_price is None:
        return default
    return Price(
        input_per_1k=input_price if input_price is not None else _or_zero(default, "input"),
        output_per_1k=output_price if output_price is not None else _or_zero(default, "output"),
    )


def _or_zero(price: Price | None, which: str) -> float:
    if price is None:
        return 0.0
    return price.input_per_1k if which == "input" else price.output_per_1k
