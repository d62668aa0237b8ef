"""Work back from go-live: latest-finish dates through the dependencies, in business days."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.plan.schedule import (
    Node,
    ancestors,
    business_days_between,
    work_back,
    work_forward,
    workday,
)
from pipeline.plan.slippage import critical_path, project

GO_LIVE = dt.date(2027, 6, 1)  # a Tuesday


def chain(*days: int) -> dict[str, Node]:
    """a -> b -> ... -> live, each after the one before."""
    keys = [chr(ord("a") + i) for i in range(len(days) - 1)] + ["live"]
    return {
        key: Node(id=key, days=d, after=(keys[i - 1],) if i else ())
        for i, (key, d) in enumerate(zip(keys, days, strict=True))
    }


def test_work_back_subtracts_each_dependent_duration_in_business_days() -> None:
    latest = work_back(chain(5, 10, 2), "live", GO_LIVE)
    assert latest["live"] == GO_LIVE
    assert latest["b"] == dt.date(2027, 5, 28)  # 2 business days before Tue 1 Jun: Fri 28 May
    assert latest["a"] == dt.date(2027, 5, 14)  # 10 business days before that


def test_a_stated_date_earlier_than_needed_pulls_its_predecessors_in() -> None:
    nodes = chain(5, 10, 2)
    nodes["b"] = Node(id="b", days=10, after=("a",), stated=dt.date(2027, 5, 7))
    assert work_back(nodes, "live", GO_LIVE)["a"] == dt.date(2027, 4, 23)


def test_a_weekend_deadline_counts_from_the_friday_before() -> None:
    saturday = dt.date(2027, 6, 5)
    assert workday(saturday) == dt.date(2027, 6, 4)
    assert work_back(chain(1, 1), "live", saturday)["a"] == dt.date(2027, 6, 3)


def test_steps_after_go_live_are_worked_forward() -> None:
    nodes = chain(5, 2) | {"value": Node(id="value", days=20, after=("live",))}
    assert work_forward(nodes, "live", GO_LIVE) == {"value": dt.date(2027, 6, 29)}


def test_projection_and_critical_path_follow_the_latest_predecessor() -> None:
    nodes = {
        "legal": Node(id="legal", days=0, after=(), stated=dt.date(2027, 5, 20)),
        "security": Node(id="security", days=0, after=()),
        "sign": Node(id="sign", days=3, after=("legal", "security")),
        "live": Node(id="live", days=5, after=("sign",)),
    }
    due = {"legal": dt.date(2027, 5, 20), "security": dt.date(2027, 5, 1), "sign": None}
    due |= {"live": GO_LIVE}
    finish = project(nodes, due, as_of=dt.date(2027, 1, 4))
    assert finish["sign"] == dt.date(2027, 5, 25)  # 3 business days after Thu 20 May
    assert finish["live"] == dt.date(2027, 6, 1)  # 5 more: Tue 1 Jun, on time
    assert critical_path(nodes, finish, "live") == ["legal", "sign", "live"]


def test_business_days_between_counts_weekdays_after_the_start() -> None:
    friday, monday = dt.date(2027, 5, 28), dt.date(2027, 5, 31)
    assert business_days_between(friday, monday) == 1
    assert business_days_between(monday, friday) == -1
    assert business_days_between(friday, friday) == 0


# --- properties -------------------------------------------------------------------------


@st.composite
def graphs(draw: st.DrawFn) -> tuple[dict[str, Node], dt.date]:
    """A random dependency graph ending at "live", some steps with stated dates."""
    size = draw(st.integers(min_value=1, max_value=12))
    keys = [f"s{i}" for i in range(size)] + ["live"]
    go_live = draw(st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31)))
    nodes: dict[str, Node] = {}
    for i, key in enumerate(keys):
        earlier = keys[:i]
        after = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else []
        if key == "live":
            after = sorted(set(after) | {k for k in earlier if not _has_dependent(k, nodes)})
        stated = draw(st.none() | st.dates(go_live - dt.timedelta(days=200), go_live))
        nodes[key] = Node(
            id=key,
            days=draw(st.integers(min_value=0, max_value=40)),
            after=tuple(after),
            stated=stated if key != "live" else None,
        )
    return nodes, go_live


def _has_dependent(key: str, nodes: dict[str, Node]) -> bool:
    return any(key in n.after for n in nodes.values())


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_no_step_is_due_after_a_step_that_depends_on_it(
    graph: tuple[dict[str, Node], dt.date],
) -> None:
    nodes, go_live = graph
    latest = work_back(nodes, "live", go_live)
    due = {k: n.stated or latest.get(k) for k, n in nodes.items()}
    for key, node in nodes.items():
        for before in node.after:
            if nodes[before].stated is None and due[key] is not None:
                # A derived date is never after any step that needs it first.
                assert latest[before] <= (due[key] or go_live)


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_work_back_leaves_exactly_enough_business_days(
    graph: tuple[dict[str, Node], dt.date],
) -> None:
    nodes, go_live = graph
    latest = work_back(nodes, "live", go_live)
    assert set(latest) == ancestors(nodes, "live") | {"live"}
    for key in latest:
        if key == "live":
            continue
        slack = []
        for dependent, node in nodes.items():
            if key in node.after and dependent in latest:
                start = workday(min(node.stated or latest[dependent], latest[dependent]))
                gap = business_days_between(latest[key], start)
                assert gap >= node.days  # every dependent has its full duration
                slack.append(gap - node.days)
        assert min(slack) == 0  # and the date is the latest one: one dependent has no slack


@settings(max_examples=200, deadline=None)
@given(graphs(), st.dates(dt.date(2025, 1, 1), dt.date(2031, 1, 1)))
def test_an_unstated_plan_projects_go_live_on_time(
    graph: tuple[dict[str, Node], dt.date], today: dt.date
) -> None:
    nodes, go_live = graph
    plain = {k: Node(id=k, days=n.days, after=n.after) for k, n in nodes.items()}
    latest = work_back(plain, "live", go_live)
    finish = project(plain, dict(latest), as_of=min(today, min(latest.values())))
    assert finish["live"] <= go_live  # worked-back dates hold each other up, never late
