"""LaTeX in BibTeX field values -> plain Unicode text.

BibTeX values are LaTeX source: accents as commands ({\\"u}, \\'{e}, \\v c), special letters
({\\ss}, \\o), escaped specials (\\&, \\%), dashes (--), ties (~), braces that only protect
case ({NK} cells) and a little math ($\\gamma$, CD4$^+$). A graph wants the text a reader
sees, so that "Kärre" from BibTeX and "Kärre" from Crossref are one name.

`to_unicode` is total: an unknown command keeps its argument (\\mbox{x} -> x) or, without one,
its name (\\LaTeX -> LaTeX); unbalanced braces are the parser's business, not this module's.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["to_unicode", "to_verbatim"]

# Accent commands -> the combining mark they put on the next letter.
ACCENTS: dict[str, str] = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
    "b": "\u0331", "t": "\u0361",
}
# Control words that stand for one character (letters, symbols, Greek, a little math).
SYMBOLS: dict[str, str] = {
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
    "copyright": "©", "textregistered": "®", "texttrademark": "™", "textdegree": "°", "degree": "°",
    "textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "textellipsis": "…", "ldots": "…", "dots": "…", "textbullet": "•",
    "textmu": "µ", "textpm": "±", "pm": "±", "times": "×", "div": "÷", "cdot": "·", "le": "≤", "leq": "≤",
    "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼", "infty": "∞", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "leftrightarrow": "↔", "circ": "°", "prime": "′", "S": "§", "P": "¶",
    "dag": "†", "ddag": "‡", "textbackslash": "\\", "textasciitilde": "~", "textunderscore": "_",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
# Control symbols: escaped specials and spacing.
ESCAPES: dict[str, str] = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ", ";": " ",
    ":": " ", "!": "", "-": "", "/": "", "\\": " ", "\n": " ", "\t": " ",
}
# Commands whose (last) argument is their text; their formatting is lost on purpose.
TEXT_COMMANDS = frozenset(
    "textit textbf textsc textrm textsf texttt textup textsl textnormal emph mbox hbox text mathrm mathit "
    "mathbf mathsf mathtt mathcal mathbb operatorname textsuperscript textsubscript uppercase lowercase "
    "MakeUppercase MakeLowercase url nolinkurl ensuremath protect".split()
)
# Declarations that change the font of the rest of the group: dropped.
DECLARATIONS = frozenset("it bf sc rm sf tt em sl itshape bfseries scshape upshape normalfont small".split())
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z]+")


def to_unicode(text: str) -> str:
    """The text a reader of the typeset value sees, NFC-composed with spaces folded."""
    out = _Decoder(text).run()
    return _SPACES.sub(" ", unicodedata.normalize("NFC", out)).strip()


def to_verbatim(text: str) -> str:
    """For DOIs and URLs: only braces and backslash escapes go; "--" and "~" stay as printed."""
    text = re.sub(r"\\([&%$#_{}~])", r"\1", text)
    text = re.sub(r"\\url\s*", "", text)
    return _SPACES.sub("", text.replace("{", "").replace("}", ""))


class _Decoder:
    """A one-pass scanner; groups and command arguments are decoded recursively."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.math = False

    def run(self, closing: bool = False) -> str:
        """Decode up to the end, or up to the "}" closing the group we are in."""
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if c == "}":
                self.pos += 1
                if closing:
                    break
                continue  # a stray "}" prints nothing
            if c == "{":
                self.pos += 1
                out.append(self.run(closing=True))
            elif c == "\\":
                out.append(self.command())
            elif c == "$":
                self.pos += 1
                self.math = not self.math
            elif self.math and c in "^_":
                self.pos += 1
                out.append(self.argument())
            else:
                out.append(self.plain(c))
        return "".join(out)

    def plain(self, c: str) -> str:
        """One ordinary character, or a TeX ligature: -- –, --- —, `` “, '' ”, ~ space."""
        text, i = self.text, self.pos
        for ligature, value in (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("`", "‘"), ("~", " ")):
            if text.startswith(ligature, i):
                self.pos += len(ligature)
                return value
        self.pos += 1
        return c

    def command(self) -> str:
        text = self.text
        self.pos += 1  # the backslash
        if self.pos >= len(text):
            return ""
        m = _WORD.match(text, self.pos)
        if m is None:  # a control symbol: \" \' \& \{ ...
            symbol = text[self.pos]
            self.pos += 1
            if symbol in ACCENTS:
                return _accent(self.argument(), ACCENTS[symbol])
            return ESCAPES.get(symbol, symbol)
        name = m.group(0)
        self.pos = m.end()
        self.skip_spaces()  # TeX swallows the spaces after a control word
        if name in ACCENTS:
            return _accent(self.argument(), ACCENTS[name])
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in DECLARATIONS:
            return ""
        if name == "href":  # \href{url}{text}
            self.argument()
            return self.argument()
        if name in TEXT_COMMANDS or self.at("{"):
            return self.argument()
        return name

    def argument(self) -> str:
        """A braced group, a control sequence, or a single character."""
        self.skip_spaces()
        if self.pos >= len(self.text):
            return ""
        c = self.text[self.pos]
        if c == "{":
            self.pos += 1
            return self.run(closing=True)
        if c == "\\":
            return self.command()
        self.pos += 1
        return c

    def at(self, char: str) -> bool:
        return self.text.startswith(char, self.pos)

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n\r":
            self.pos += 1


def _accent(base: str, mark: str) -> str:
    """Put the mark on the first letter: \\"{\\i} -> ï (the dotless i takes the dot back)."""
    if not base:
        return unicodedata.normalize("NFC", mark)
    first = {"ı": "i", "ȷ": "j"}.get(base[0], base[0])
    return unicodedata.normalize("NFC", first + mark) + base[1:]
