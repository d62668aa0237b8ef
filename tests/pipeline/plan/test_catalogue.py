"""The milestone catalogue: bundled data, validation of an org's edits, template choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigurationError
from pipeline.models import Plan, PlanStakeholder, Role, Side
from pipeline.plan import DealSize, load_catalogue
from pipeline.plan.catalogue import infer_size
from pipeline.plan.template import choose_template

BUNDLED = Path(__file__).resolve().parents[3] / "pipeline" / "plan" / "catalogue"


def test_bundled_templates_fit_their_sizes() -> None:
    catalogue = load_catalogue()
    assert set(catalogue.templates) == {"small", "midmarket", "enterprise"}
    small, enterprise = catalogue.template("small"), catalogue.template("enterprise")
    assert len(small.steps) == 5 and small.lines.min <= 5 <= small.lines.max
    assert enterprise.lines.min == 12 and enterprise.lines.max == 25
    for template in catalogue.templates.values():
        last = template.steps[-1].step
        assert catalogue.steps[last].value, f"{template.name} must end with first value"
        assert template.anchor == "go_live"
    gates = {catalogue.steps[s.step].gate for s in enterprise.steps}
    assert {"security", "legal", "procurement", "budget"} <= gates


def test_synonyms_name_the_step() -> None:
    catalogue = load_catalogue()
    questionnaire = catalogue.step_for("send over our security questionnaire")
    assert questionnaire is not None and questionnaire.key == "security_review"
    found = catalogue.step_for("Tom will review the DPA")
    assert found is not None and found.key == "legal_review"
    assert catalogue.step_for("send the close checklist") is None


def test_a_cycle_in_an_edited_template_fails_on_loading(tmp_path: Path) -> None:
    small = (BUNDLED / "small.yaml").read_text("utf-8")
    (tmp_path / "steps.yaml").write_text((BUNDLED / "steps.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "small.yaml").write_text(
        small.replace(
            "{step: pricing_proposal, days: 3}",
            "{step: pricing_proposal, days: 3, after: [kickoff]}",
        ),
        "utf-8",
    )
    with pytest.raises(ConfigurationError, match="dependency cycle"):
        load_catalogue(tmp_path)


def test_an_unknown_step_fails_on_loading(tmp_path: Path) -> None:
    (tmp_path / "steps.yaml").write_text((BUNDLED / "steps.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "tiny.yaml").write_text(
        "name: tiny\nlines: {min: 1, max: 3}\nsteps:\n"
        "  - {step: go_live, days: 1}\n  - {step: party, days: 1}\n",
        "utf-8",
    )
    with pytest.raises(ConfigurationError, match="unknown steps"):
        load_catalogue(tmp_path)


def test_size_is_judged_from_the_committee_and_only_grows() -> None:
    champion = PlanStakeholder(name="Sarah", side=Side.BUYER, role=Role.CHAMPION)
    signer = PlanStakeholder(name="Karen", side=Side.BUYER, role=Role.ECONOMIC_BUYER)
    security = PlanStakeholder(name="Tom", side=Side.BUYER, role=Role.SECURITY)
    assert infer_size([champion]) == DealSize.SMALL
    assert infer_size([champion, signer]) == DealSize.MIDMARKET
    assert infer_size([champion, security]) == DealSize.ENTERPRISE
    catalogue = load_catalogue()
    plan = Plan(
        deal="d", version=2, as_of="2027-01-04", template="enterprise", stakeholders=(champion,)
    )
    assert choose_template(plan, catalogue, None).name == "enterprise"  # never shrinks
    assert choose_template(plan, catalogue, DealSize.SMALL).name == "small"  # unless told
    with pytest.raises(ConfigurationError, match="no plan template"):
        catalogue.template("huge")
