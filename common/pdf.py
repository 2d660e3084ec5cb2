"""HTML to PDF with WeasyPrint, as every printed document here is made (reports, specifications' records).

The stylesheet sets the font family on `html` so the page-margin boxes (header, footer) use it too, and one
FontConfiguration is shared by the stylesheet and `write_pdf`, as WeasyPrint requires for @font-face and
for fonts found through fontconfig.
"""

import threading
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

_per_thread = threading.local()


def fonts_and_stylesheet(stylesheet: Path) -> tuple[FontConfiguration, CSS]:
    """This thread's FontConfiguration and `stylesheet` parsed with it, made on first use.

    A fresh FontConfiguration per document loads the CJK faces again each time, and what a render
    leaves behind holds them (≈ 75 MB) until the cyclic garbage collector runs: a worker climbed past
    400 MB within twenty reports. Kept, they load once; per thread, because Pango objects must not be
    used by two threads at once. One FontConfiguration serves every stylesheet; an edited stylesheet is
    read again.
    """
    cache = getattr(_per_thread, "documents", None)
    if cache is None:
        cache = _per_thread.documents = {"fonts": FontConfiguration(), "sheets": {}}
    fonts = cache["fonts"]
    version = stylesheet.stat().st_mtime_ns
    kept = cache["sheets"].get(stylesheet)
    if kept is None or kept[0] != version:
        kept = cache["sheets"][stylesheet] = (version, CSS(filename=str(stylesheet), font_config=fonts))
    return fonts, kept[1]


def html_to_pdf(html: str, *, stylesheet: Path) -> bytes:
    """`html` printed with `stylesheet` (A4 and the CJK font are the stylesheet's business)."""
    fonts, sheet = fonts_and_stylesheet(stylesheet)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[sheet], font_config=fonts
    )
