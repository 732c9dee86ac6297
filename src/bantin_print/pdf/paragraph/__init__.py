"""The paragraph composer: justified text set paragraph by paragraph (total-fit line
breaking with letter spacing and glyph scaling), and ragged text with balanced lines.

One module per phase, as Typst splits its inline layout: `collect` (model inlines to
styled runs), `prepare` (runs to measured boxes, glue and penalties), `linebreak` (the
breaks, Knuth and Plass), `line` (how each line is set) and `flowable` (ReportLab's
wrap/split/draw).
"""

from bantin_print.pdf.paragraph.flowable import ComposedParagraph, TextStyle

__all__ = ["ComposedParagraph", "TextStyle"]
