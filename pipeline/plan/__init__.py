"""The plan engine: each call's extraction and the deal's current plan -> the next plan version.

catalogue   the milestone catalogue and deal-size templates (data: catalogue/*.yaml)
words       step words normalised for matching, actions turned into outcome titles
matching    the same step said again in other words (rapidfuzz + same-step synonyms)
progress    "we sent the questionnaire": reports that a step is done
propose     suggestions from one call against the current plan, with evidence
steps       ... those about steps: new ones, restated (slip, pull-in, owner), reported done
apply       one suggestion applied to a plan (what "accept" does)
template    the template's steps and the dependencies between all steps
schedule    work back from go-live in business days; stated dates win
slippage    days slipped, who slipped them, knock-on to go-live (critical path)
risks       open risks a later call answered
health      findings with severity and a fix hint (timing: dates against go-live)
resources   documents, links and the value summary
store       where the deal's current plan is kept (`PlanStore`, `FilePlanStore`)
engine      `update_plan`: all of the above, in that order
"""

from pipeline.errors import PlanStoreError
from pipeline.plan.apply import apply, apply_all
from pipeline.plan.catalogue import Catalogue, DealSize, Template, load_catalogue
from pipeline.plan.engine import PlanOptions, next_call, rederive, update_plan
from pipeline.plan.progress import Completion, find_completions
from pipeline.plan.propose import CallNews
from pipeline.plan.store import FilePlanStore, PlanStore

__all__ = [
    "CallNews",
    "Catalogue",
    "Completion",
    "DealSize",
    "FilePlanStore",
    "PlanOptions",
    "PlanStore",
    "PlanStoreError",
    "Template",
    "apply",
    "apply_all",
    "find_completions",
    "load_catalogue",
    "next_call",
    "rederive",
    "update_plan",
]
