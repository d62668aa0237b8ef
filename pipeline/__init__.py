"""Callplan's pipeline: from a call recording to a grounded plan draft. No web, no database.

Read the stages in order:

    ingest       pipeline.ingest       probe a recording / import a recorder's transcript
    transcribe   pipeline.transcribe   faster-whisper, one pass per speaker channel
    attribute    pipeline.speakers     speaker labels -> participants and sides
    extract      pipeline.extract      rules (offline) or an LLM propose items with evidence
    ground       pipeline.ground       every quote checked against the transcript
    normalise    pipeline.normalise    spoken dates resolved (pipeline.dates), owners matched
    plan         pipeline.plan         the deal's next plan version: suggestions against the
                                       current plan, work-back from go-live, slippage, health
    render       pipeline.render       Markdown and HTML, rep-facing and buyer-facing (jinja2)

`pipeline.process.process_call` runs them all for one call.
"""
