"""The buyer's view as a PDF, drawn with fpdf2 (pure Python, no browser): the same sections as
the share page (objective, key dates, timeline, who owes what, what moved, people).

Text is set in DejaVu Sans when the system has it (Debian's fonts-dejavu-core), so any name
prints; otherwise in the PDF core font Helvetica, where characters outside Latin-1 print as `?`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from pipeline.models import Milestone, MilestoneStatus, Plan
from pipeline.render import buyer_role, label, longdate

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
INK, MUTED, LINE = (29, 36, 48), (93, 107, 130), (221, 226, 234)


@dataclass(frozen=True)
class PdfOptions:
    deal_name: str
    parties: str  # "Greenfield Foods & Northwind Software"
    subtitle: str  # "Version 2, published Tue 2 Dec 2026"


def plan_pdf(plan: Plan, options: PdfOptions) -> bytes:
    doc = _Document()
    doc.add_page()
    doc.line_text(options.parties.upper(), size=8, color=MUTED)
    doc.line_text(f"Mutual action plan: {options.deal_name}", size=16, bold=True)
    doc.line_text(options.subtitle, size=9, color=MUTED)
    doc.section("Objective")
    objective = plan.objective
    doc.paragraph(objective.statement if objective else "To be agreed.")
    if objective and (objective.metric or objective.target_date):
        target = f" Target: {longdate(objective.target_date)}." if objective.target_date else ""
        doc.paragraph(f"Success measure: {objective.metric or '-'}.{target}", color=MUTED)
    doc.section("Key dates")
    doc.grid(
        ("Date", "What"),
        [(longdate(k.date) if k.date else "to be agreed", label(k.kind)) for k in plan.key_dates],
        (40, 140),
    )
    doc.section("Timeline")
    doc.grid(
        ("#", "Step", "Owner", "Due", "Status"),
        [_step_row(n, m) for n, m in enumerate(plan.milestones, start=1)],
        (8, 72, 45, 30, 25),
    )
    _owed(doc, plan)
    moved = [m for m in plan.milestones if m.days_slipped > 0 and m.first_due_date]
    if moved:
        doc.section("What moved")
        for m in moved:
            assert m.first_due_date is not None and m.due_date is not None
            doc.paragraph(
                f"{m.title}: {longdate(m.first_due_date)} -> {longdate(m.due_date)} "
                f"(+{m.days_slipped} days)"
            )
    doc.section("Who is involved")
    doc.grid(
        ("Name", "Title", "Side", "Responsible for"),
        [
            (s.name or "to be named", s.title or "", label(s.side), buyer_role(s.role))
            for s in plan.stakeholders
        ],
        (50, 60, 25, 45),
    )
    return bytes(doc.output())


def _step_row(n: int, m: Milestone) -> tuple[str, ...]:
    due = longdate(m.due_date) if m.due_date else "to be agreed"
    return (str(n), m.title, f"{_owner(m)} ({m.owner_side.value})", due, label(m.status))


def _owed(doc: _Document, plan: Plan) -> None:
    owners: dict[str, list[str]] = {}
    for m in plan.milestones:
        if m.status != MilestoneStatus.DONE:
            due = longdate(m.due_date) if m.due_date else "date to be agreed"
            owners.setdefault(_owner(m), []).append(f"{m.title}: {due}")
    doc.section("Who owes what, by when")
    for who, items in owners.items():
        doc.paragraph(who, bold=True)
        for item in items:
            doc.paragraph(f"    - {item}")


def _owner(m: Milestone) -> str:
    if m.owner:
        return m.owner
    return f"{m.owner_role.capitalize()} (to be named)" if m.owner_role else "To be named"


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self._family, self._unicode = _font(self)
        self.set_title("Mutual action plan")

    def text_of(self, text: str) -> str:
        return text if self._unicode else text.encode("latin-1", "replace").decode("latin-1")

    def line_text(
        self, text: str, *, size: float = 10, bold: bool = False, color: tuple[int, ...] = INK
    ) -> None:
        self.set_font(self._family, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def section(self, title: str) -> None:
        self.ln(3)
        self.line_text(title, size=12, bold=True)
        self.set_draw_color(*LINE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    def paragraph(self, text: str, *, bold: bool = False, color: tuple[int, ...] = INK) -> None:
        self.line_text(text, size=9.5, bold=bold, color=color)

    def grid(
        self, head: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]
    ) -> None:
        if not rows:
            self.paragraph("None yet.", color=MUTED)
            return
        self.set_font(self._family, "", 8.5)
        self.set_text_color(*INK)
        with self.table(
            col_widths=widths, line_height=5, text_align="LEFT", borders_layout="HORIZONTAL_LINES"
        ) as t:
            for row in [head, *rows]:
                cells = t.row()
                for value in row:
                    cells.cell(self.text_of(value))
        self.ln(2)


def _font(pdf: FPDF) -> tuple[str, bool]:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu", True
    return "Helvetica", False
