"""Exports of a plan: JSON (the plan model), Markdown, CSV (one line per milestone) and ICS
(one all-day event per dated milestone and key date), and PDF (the buyer's view, drawn with
fpdf2), for a published version, the rep's working plan, or a buyer's share link (the buyer's
view: nothing internal).

    formats    `ExportFormat`, `Source` (what is exported, with its stamp), `render`
    table      the CSV: stable columns, spreadsheet formulas defused
    calendar   the ICS: stable UIDs, so importing a newer version updates the events
    service    finding the plan to export, scoped to the caller (or the share token)
    pdf        the PDF: the share page's sections
    endpoints  `.../export.{json,md,csv,ics,pdf}`
"""
