"""The work report as a Word document, laid out like an official document (GB/T 9704).

Title in 二号 (22pt) 方正小标宋简体, section headings 一、二、 in 三号 (16pt) 黑体, body in 三号
仿宋, first lines indented two characters, 28pt line spacing, margins 37/35/28/26 mm; the
unit and the date of writing close the text, and the footer says when it was generated.
Fonts are set for east-Asian text too (``w:eastAsia``), which Word otherwise ignores.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gonghui.reports.builder import ReportData

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
FOOTER_SIZE = Pt(14)  # 四号
LINE = Pt(28)


def set_font(run: Run, name: str, size: Pt, *, bold: bool = False) -> None:
    """The run's font for Latin and east-Asian text alike."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _paragraph(
    document: object, text: str, font: str, size: Pt, *, indent: bool = True, bold: bool = False
) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE
    layout.space_before = layout.space_after = Pt(0)
    if indent:
        layout.first_line_indent = Pt(size.pt * 2)
    set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field, which Word fills with the page's number ("— 1 —" in the footer)."""
    run = paragraph.add_run()
    set_font(run, BODY_FONT, FOOTER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)


def report_docx(report: ReportData) -> bytes:
    """The .docx file of the report."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT  # type: ignore[attr-defined]
    normal.font.size = BODY_SIZE  # type: ignore[attr-defined]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)  # type: ignore[attr-defined]

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(footer.add_run("— "), BODY_FONT, FOOTER_SIZE)
    _page_number(footer)
    set_font(footer.add_run(" —"), BODY_FONT, FOOTER_SIZE)
    generated = section.footer.add_paragraph()
    generated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(
        generated.add_run(_("Generated on %(date)s") % {"date": report.generated_text}),
        BODY_FONT,
        Pt(10.5),  # 五号
    )

    title = _paragraph(document, report.title, TITLE_FONT, TITLE_SIZE, indent=False)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(16)

    if report.preamble and report.has_data:
        _paragraph(document, report.preamble, BODY_FONT, BODY_SIZE)
    if not report.has_data:
        _paragraph(document, _("There are no figures for this period."), BODY_FONT, BODY_SIZE)
    for part in report.sections:
        _paragraph(document, f"{part.number}、{part.heading}", HEADING_FONT, BODY_SIZE)
        if part.intro:
            _paragraph(document, part.intro, BODY_FONT, BODY_SIZE)
        for sentence in part.sentences:
            _paragraph(document, sentence.text, BODY_FONT, BODY_SIZE)

    _paragraph(document, "", BODY_FONT, BODY_SIZE, indent=False)
    for line in (report.unit.name, report.generated_text):
        closing = _paragraph(document, line, BODY_FONT, BODY_SIZE, indent=False)
        closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        closing.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 4)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
