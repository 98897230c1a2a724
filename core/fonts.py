"""The fonts of the network's scripts, from Python packages (pyproject.toml), never from the host.

The member cities' local names are written in Latin (with Vietnamese diacritics), Thai, Lao,
Khmer and Myanmar. The PDF report embeds the packaged fonts (`pdf_font_faces`), so that it looks
the same whatever fonts the machine has. Web pages load a small subset per script (woff2, one
weight) that `PackagedFontFinder` makes from the same files once, under `var/fonts/`, and serves as
static files under `fonts/`; Latin text keeps the visitor's system fonts.

The packaged files are variable fonts. Given one, WeasyPrint makes a static instance of every
weight it used for every PDF it writes (fontTools' instancer: half the time of laying out a city
annex), so the PDF gets static instances made once per install instead (`pdf_fonts`, under
`var/fonts/pdf-<version>/`), one file per face and weight of `PDF_WEIGHTS`.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

STATIC_PREFIX = "fonts"
# The subsets' folder under var/fonts/: a new one when _subset_woff2 changes makes them again.
CACHE_VERSION = "1"
# Shaping needs these beside a script's own block: zero-width space and (non-)joiner, and the
# dotted circle a shaper draws under a mark that has no base.
SHAPING_EXTRAS = (0x200B, 0x200C, 0x200D, 0x25CC)
# The static instances' folder under var/fonts/: a new version when _static_instance changes.
PDF_CACHE_VERSION = "1"
# The weights of the report's CSS (static/css/report.css): normal, the captions' and contents'
# 600, bold headings and table headers. Italic only in plain definitions.
PDF_WEIGHTS = {"normal": (400, 600, 700), "italic": (400,)}


@dataclass(frozen=True)
class Face:
    family: str
    package: str  # the importable package that carries the file
    resource: str  # the file inside the package
    unicode_range: str = ""  # the script's blocks; empty: not served to web pages
    style: str = "normal"

    @property
    def source(self) -> Path:
        return Path(str(files(self.package).joinpath(self.resource)))

    @property
    def web_name(self) -> str:
        return self.family.removeprefix("ASCN ").lower().replace(" ", "-") + ".woff2"

    @property
    def pdf_weights(self) -> tuple[int, ...]:
        return PDF_WEIGHTS[self.style]

    def pdf_name(self, weight: int) -> str:
        """The static instance's file name: the family, style and weight."""
        name = self.family.removeprefix("ASCN ").lower().replace(" ", "-")
        return f"{name}-{self.style}-{weight}.ttf"


# fontpkg-noto-sans: Latin (Vietnamese included); justmytype-intl-sea: Noto Sans Thai, Lao, Khmer
# and Myanmar, as Google Fonts publishes them. The families are renamed "ASCN …" so that neither
# a host's own Noto fonts nor the embedded names in a PDF can be mistaken for these.
_SEA = "fonts/ofl/notosans{0}/NotoSans{1}[wdth,wght].ttf"
FACES = (
    Face("ASCN Noto Sans", "fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf"),
    Face(
        "ASCN Noto Sans",
        "fontpkg_noto_sans",
        "files/NotoSans-Italic[wdth,wght].ttf",
        style="italic",
    ),
    Face("ASCN Noto Sans Thai", "justmytype_intl_sea", _SEA.format("thai", "Thai"), "U+0E01-0E5B"),
    Face("ASCN Noto Sans Lao", "justmytype_intl_sea", _SEA.format("lao", "Lao"), "U+0E81-0EDF"),
    Face(
        "ASCN Noto Sans Khmer",
        "justmytype_intl_sea",
        _SEA.format("khmer", "Khmer"),
        "U+1780-17FF, U+19E0-19FF",
    ),
    Face(
        "ASCN Noto Sans Myanmar",
        "justmytype_intl_sea",
        _SEA.format("myanmar", "Myanmar"),
        "U+1000-109F, U+A9E0-A9FE, U+AA60-AA7F",
    ),
)
WEB_FACES = tuple(face for face in FACES if face.unicode_range)
FAMILIES = tuple(dict.fromkeys(face.family for face in FACES))


def pdf_folder() -> Path:
    return Path(settings.VAR_DIR) / "fonts" / f"pdf-{PDF_CACHE_VERSION}"


def pdf_font_faces(folder: Path | None = None) -> str:
    """@font-face rules for WeasyPrint: every face and weight by the file:// URL of its static
    instance (`pdf_fonts`)."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{path.as_uri()}"); '
        f"font-style: {face.style}; font-weight: {weight}; }}"
        for face, weight, path in pdf_fonts(folder or pdf_folder())
    )


def pdf_fonts(folder: Path) -> list[tuple[Face, int, Path]]:
    """(face, weight, file) of every static instance in the folder, made first where missing or
    older than the installed font. Making them all takes about a minute of one core (the Latin
    faces have 4,500 glyphs), once per install: the pool processes of a worker that start
    together share the work, each making what no other is making, then waiting for the rest."""
    wanted = [(face, w, folder / face.pdf_name(w)) for face in FACES for w in face.pdf_weights]
    stale = [item for item in wanted if _stale(item[0], item[2])]
    if stale:
        folder.mkdir(parents=True, exist_ok=True)
        for wait in (False, True):
            for face, weight, target in stale:
                with _locked(target, wait=wait) as locked:
                    if locked and _stale(face, target):
                        _write_atomically(target, _static_instance(face, weight))
    return wanted


def _stale(face: Face, target: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < face.source.stat().st_mtime


@contextlib.contextmanager
def _locked(target: Path, *, wait: bool) -> Iterator[bool]:
    """An exclusive lock beside the target; False without waiting when another process holds it."""
    with open(target.with_suffix(".lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _static_instance(face: Face, weight: int) -> bytes:
    """The face at one weight and its normal width, without variation tables."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    location = {"wght": weight, "wdth": 100}
    font = TTFont(face.source)
    try:
        # Names and style bits of the instance ("Noto Sans Bold"), from the font's STAT table.
        instancer.instantiateVariableFont(
            font, location, inplace=True, static=True, updateFontNames=True
        )
    except ValueError:  # a weight the STAT table does not name: the names stay the font's
        font = TTFont(face.source)
        instancer.instantiateVariableFont(font, location, inplace=True, static=True)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def web_font_faces(url_prefix: str) -> str:
    """@font-face rules for web pages, the fonts at url_prefix + their file names: portal.css
    holds these rules for "../fonts/", the annual report's HTML file for the static URL."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{url_prefix}{face.web_name}") '
        f'format("woff2"); font-display: swap; unicode-range: {face.unicode_range}; }}'
        for face in WEB_FACES
    )


def unicode_range_codepoints(unicode_range: str) -> list[int]:
    codepoints = []
    for part in unicode_range.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        codepoints.extend(range(int(first, 16), int(last or first, 16) + 1))
    return codepoints


def web_font(face: Face, folder: Path) -> Path:
    """The face's web subset in the folder, made again when the installed font is newer."""
    target = folder / face.web_name
    if not target.exists() or target.stat().st_mtime < face.source.stat().st_mtime:
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, _subset_woff2(face))
    return target


def _subset_woff2(face: Face) -> bytes:
    # Only a face missing from the cache needs fontTools, which is slow to import.
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(face.source, lazy=False)
    options = subset.Options(layout_features=["*"], hinting=False, flavor="woff2")
    subsetter = subset.Subsetter(options)
    codepoints = unicode_range_codepoints(face.unicode_range)
    subsetter.populate(unicodes=[*codepoints, *SHAPING_EXTRAS])
    subsetter.subset(font)
    # One static weight is a quarter of the variable font's size; browsers embolden it for bold.
    font = instancer.instantiateVariableFont(font, {"wght": 400, "wdth": 100})
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _write_atomically(target: Path, data: bytes) -> None:
    # Web workers and collectstatic may make the same file at once: each renames a whole file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)  # mkstemp's 0600 would follow the file into STATIC_ROOT
    os.replace(temporary, target)


class PackagedFontFinder(BaseFinder):
    """Static files `fonts/<script>.woff2`, for runserver, WhiteNoise and collectstatic alike."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(settings.VAR_DIR) / "fonts" / CACHE_VERSION
        self.storage = FileSystemStorage(location=self.folder)
        self.storage.prefix = STATIC_PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        for face in WEB_FACES:
            if path == f"{STATIC_PREFIX}/{face.web_name}":
                found = str(web_font(face, self.folder))
                return [found] if find_all else found
        return [] if find_all else None

    def list(self, ignore_patterns):
        for face in WEB_FACES:
            web_font(face, self.folder)
            yield face.web_name, self.storage
