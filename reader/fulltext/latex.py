"""LaTeX math (LaTeXML's `alttext`) to Unicode text, only where that is faithful.

`to_unicode` returns None for anything it cannot say exactly (an environment, an unknown
macro, an accent over several characters...): the caller then shows the LaTeX source, so no
math is ever lost or silently changed. Symbol names come from pylatexenc's table (~800 macros);
grouping is kept: `\\mathbb{R}^{F_a}` is `ℝ^(Fₐ)`, never the ambiguous `ℝ^F_a`.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

MAX_DEPTH = 40  # braces nested deeper than this are not converted (a hostile page)
MAX_LENGTH = 4000  # longer sources are shown as they are

SUPERSCRIPTS = dict(zip(
    "0123456789+-−=()niTabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRUVW*⊤′",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁⱽᵂ*ᵀ′", strict=True))
SUBSCRIPTS = dict(zip(
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))

SPACES = {",": " ", ";": " ", ":": " ", " ": " ", "quad": " ", "qquad": "  ", "!": "",
          "enspace": " ", "thinspace": " ", "medspace": " ", "thickspace": " ",
          "negthinspace": "", "negmedspace": "", "hfill": " "}
IGNORED = {"left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
           "Bigr", "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle",
           "scriptstyle", "scriptscriptstyle", "limits", "nolimits", "nonumber", "notag",
           "mathstrut", "strut", "allowbreak", "relax"}
ESCAPES = {"|": "‖", "{": "{", "}": "}", "%": "%", "_": "_", "&": "&", "#": "#", "$": "$",
           "backslash": "\\", "lbrace": "{", "rbrace": "}", "vert": "|", "Vert": "‖",
           "lvert": "|", "rvert": "|", "rVert": "‖", "lVert": "‖", "colon": ":"}
PLAIN = {"mathrm", "text", "textrm", "mathit", "operatorname", "mathsf", "mathtt", "textbf",
         "textit", "emph", "mbox", "hbox", "texttt", "textsf", "textnormal", "mathnormal",
         "textup", "mathup"}
FONTS = {"mathbf": "BOLD", "boldsymbol": "BOLD", "bm": "BOLD", "mathbfit": "BOLD ITALIC",
         "mathcal": "SCRIPT", "mathscr": "SCRIPT", "mathbb": "DOUBLE-STRUCK",
         "mathfrak": "FRAKTUR"}
# Letters Unicode keeps outside the Mathematical Alphanumeric block.
LETTERLIKE = {("SCRIPT", "B"): "ℬ", ("SCRIPT", "E"): "ℰ", ("SCRIPT", "F"): "ℱ",
              ("SCRIPT", "H"): "ℋ", ("SCRIPT", "I"): "ℐ", ("SCRIPT", "L"): "ℒ",
              ("SCRIPT", "M"): "ℳ", ("SCRIPT", "R"): "ℛ", ("SCRIPT", "e"): "ℯ",
              ("SCRIPT", "g"): "ℊ", ("SCRIPT", "o"): "ℴ", ("DOUBLE-STRUCK", "C"): "ℂ",
              ("DOUBLE-STRUCK", "H"): "ℍ", ("DOUBLE-STRUCK", "N"): "ℕ",
              ("DOUBLE-STRUCK", "P"): "ℙ", ("DOUBLE-STRUCK", "Q"): "ℚ",
              ("DOUBLE-STRUCK", "R"): "ℝ", ("DOUBLE-STRUCK", "Z"): "ℤ",
              ("FRAKTUR", "C"): "ℭ", ("FRAKTUR", "H"): "ℌ", ("FRAKTUR", "I"): "ℑ",
              ("FRAKTUR", "R"): "ℜ", ("FRAKTUR", "Z"): "ℨ"}
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "tilde": "\u0303",
           "widetilde": "\u0303", "dot": "\u0307", "ddot": "\u0308", "vec": "\u20d7",
           "check": "\u030c", "breve": "\u0306", "acute": "\u0301", "grave": "\u0300",
           "mathring": "\u030a"}
OVER = {"overline": "\u0305", "underline": "\u0332"}
EXTRA_SYMBOLS = {"top": "⊤", "intercal": "⊺", "prime": "′", "mid": "|", "to": "→",
                 "gets": "←", "ell": "ℓ", "hbar": "ℏ", "ldots": "…", "cdots": "⋯",
                 "dots": "…", "vdots": "⋮", "ddots": "⋱", "emptyset": "∅", "varnothing": "∅",
                 "triangleq": "≜", "coloneqq": "≔", "eqqcolon": "≕", "lceil": "⌈",
                 "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "langle": "⟨", "rangle": "⟩",
                 "dagger": "†", "ddagger": "‡", "star": "⋆", "ast": "∗", "bigstar": "★",
                 "checkmark": "✓", "varepsilon": "ε", "epsilon": "ϵ", "varphi": "φ",
                 "phi": "ϕ", "S": "§", "P": "¶", "textasciitilde": "~", "sim": "∼",
                 "propto": "∝", "operatorname*": ""}


class Unfaithful(Exception):
    """The source cannot be said exactly in Unicode text."""


@cache
def _symbols() -> dict[str, str]:
    """Macro name -> text of every argument-less macro pylatexenc knows, plus ours."""
    table: dict[str, str] = {}
    try:
        from pylatexenc import latex2text
    except ImportError:  # pragma: no cover - a dependency; without it only our table
        latex2text = None
    if latex2text is not None:
        db = latex2text.get_default_latex_context_db()
        for category in db.categories():
            for spec in db.iter_macro_specs(categories=[category]):
                text = getattr(spec, "simplify_repl", None)
                if isinstance(text, str) and text and "%" not in text and len(text) <= 6:
                    table[spec.macroname] = text
    table.update(EXTRA_SYMBOLS)
    return table


def _tokens(source: str) -> list:
    """A nested token list: ("m", name) macros, ("g", [...]) groups, ("c", char), ("s",)."""
    root: list = []
    stack = [root]
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            j = i + 1
            while j < n and source[j].isalpha():
                j += 1
            if j == i + 1:  # a control symbol: \, \| \{ ...
                j = min(i + 2, n)
                name = source[i + 1:j]
            else:
                name = source[i + 1:j]
                if j < n and source[j] == "*" and name == "operatorname":
                    j += 1
                while j < n and source[j] == " ":
                    j += 1
            stack[-1].append(("m", name))
            i = j
            continue
        if ch == "{":
            if len(stack) > MAX_DEPTH:
                raise Unfaithful
            group: list = []
            stack[-1].append(("g", group))
            stack.append(group)
        elif ch == "}":
            if len(stack) == 1:
                raise Unfaithful
            stack.pop()
        elif ch.isspace():
            stack[-1].append(("s",))
        else:
            stack[-1].append(("c", ch))
        i += 1
    if len(stack) != 1:
        raise Unfaithful
    return root


class _Converter:
    def __init__(self) -> None:
        self.symbols = _symbols()

    def run(self, tokens: list, text_mode: bool = False) -> str:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            i = self._one(tokens, i, out, text_mode)
        return "".join(out)

    def _argument(self, tokens: list, i: int) -> tuple[list, int]:
        while i < len(tokens) and tokens[i][0] == "s":
            i += 1
        if i >= len(tokens):
            raise Unfaithful
        token = tokens[i]
        return (token[1] if token[0] == "g" else [token]), i + 1

    def _one(self, tokens: list, i: int, out: list[str], text_mode: bool) -> int:
        kind = tokens[i][0]
        if kind == "s":
            if text_mode:
                out.append(" ")
            return i + 1
        if kind == "g":
            out.append(self.run(tokens[i][1], text_mode))
            return i + 1
        if kind == "c":
            ch = tokens[i][1]
            if ch in "^_" and not text_mode:
                arg, j = self._argument(tokens, i + 1)
                out.append(_script(self.run(arg), SUPERSCRIPTS if ch == "^" else SUBSCRIPTS,
                                   ch))
                return j
            if ch in "&$":
                raise Unfaithful  # alignment or nested math: keep the source
            out.append({"~": " ", "'": "′"}.get(ch, ch) if not text_mode else ch)
            return i + 1
        return self._macro(tokens, i, out, text_mode)

    def _macro(self, tokens: list, i: int, out: list[str], text_mode: bool) -> int:
        name = tokens[i][1]
        i += 1
        if name in SPACES:
            out.append(SPACES[name])
        elif name in IGNORED:
            if name in ("left", "right", "middle") and i < len(tokens) and tokens[i] == ("c", "."):
                i += 1
        elif name in ESCAPES:
            out.append(ESCAPES[name])
        elif name in PLAIN:
            arg, i = self._argument(tokens, i)
            out.append(self.run(arg, text_mode=name.startswith("text") or name in
                                ("mbox", "hbox", "emph")))
        elif name in FONTS:
            arg, i = self._argument(tokens, i)
            out.append("".join(_styled(FONTS[name], c) for c in self.run(arg)))
        elif name in ACCENTS:
            arg, i = self._argument(tokens, i)
            base = self.run(arg)
            if len(base) != 1:
                raise Unfaithful
            out.append(base + ACCENTS[name])
        elif name in OVER:
            arg, i = self._argument(tokens, i)
            out.append("".join(c + OVER[name] for c in self.run(arg)))
        elif name in ("frac", "dfrac", "tfrac"):
            top, i = self._argument(tokens, i)
            bottom, i = self._argument(tokens, i)
            out.append(f"{_wrap(self.run(top))}/{_wrap(self.run(bottom))}")
        elif name == "sqrt":
            if i < len(tokens) and tokens[i] == ("c", "["):
                raise Unfaithful
            arg, i = self._argument(tokens, i)
            out.append("√" + _wrap(self.run(arg)))
        elif name == "not":
            arg, i = self._argument(tokens, i)
            out.append(self.run(arg) + "\u0338")
        elif name in ("label", "tag"):
            _, i = self._argument(tokens, i)
        elif name in self.symbols:
            text = self.symbols[name]
            out.append(text)
            if len(text) > 1 and text.isalpha() and _word_follows(tokens, i):
                out.append(" ")  # \log p reads "log p", not "logp"
        else:
            raise Unfaithful  # \begin, \binom, \mathop{}, a paper's own macros...
        return i


def _wrap(text: str) -> str:
    """`text` as one operand: bare if it is a single symbol or word, else in parentheses."""
    if len(text) == 1 or text.isalnum() or (text.startswith("(") and text.endswith(")")):
        return text
    return f"({text})"


def _script(text: str, table: dict[str, str], mark: str) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    if text == "′" or text == "′′":
        return text
    if len(text) == 1 or (text.startswith("(") and text.endswith(")")):
        return f"{mark}{text}"
    return f"{mark}({text})"  # x_{ab}c is x_(ab)c: never the ambiguous x_abc


def _word_follows(tokens: list, i: int) -> bool:
    while i < len(tokens) and tokens[i][0] == "s":
        i += 1
    if i >= len(tokens):
        return False
    token = tokens[i]
    return token[0] in ("g", "m") or (token[0] == "c" and token[1].isalnum())


def _styled(style: str, char: str) -> str:
    if not char.isascii() or not char.isalnum():
        return char
    if (style, char) in LETTERLIKE:
        return LETTERLIKE[(style, char)]
    if char.isdigit():
        name = f"MATHEMATICAL {style} DIGIT {unicodedata.name(char).split()[-1]}"
    else:
        case = "CAPITAL" if char.isupper() else "SMALL"
        name = f"MATHEMATICAL {style} {case} {char.upper()}"
    try:
        return unicodedata.lookup(name)
    except KeyError:
        return char


@lru_cache(maxsize=8192)  # a paper repeats its symbols (t_{i}, \theta) many times
def to_unicode(source: str) -> str | None:
    """The math in `source` as Unicode text, or None where that would not be faithful."""
    if len(source) > MAX_LENGTH:
        return None
    try:
        tokens = _tokens(source)
        text = _Converter().run(tokens)
    except (Unfaithful, RecursionError):
        return None
    return " ".join(text.split())
