"""The typography rules, in the order they run: keyboard text → typeset text.

Each rule is a row (rule.py): its name (the manifest's `typography:` key), the reason
it exists and examples it must turn into their typeset form when applied alone (the
tests run every one; the full house style with its golden cases is
tests/typeset/fixtures/). The order is part of the design: markup first (HTML leftovers,
emphasis markers), then the marks that must be decided before quotes are curled
(apostrophes, primes, dashes), then quotes, then spacing, then the invisible characters
that hold lines together.
"""

from __future__ import annotations

import re

from compiler.options import TypographyRule as Rule
from compiler.typeset.elisions import leading_elisions, reversed_elisions
from compiler.typeset.marks import (
    WORD_JOINER_BEFORE,
    collapse_spaces,
    ellipses,
    hyphen_dashes,
    nbsp,
    primes,
    ranges,
    trim,
)
from compiler.typeset.markup import (
    EM_CLOSE,
    EM_OPEN,
    MARKUP_CLASS,
    STRONG_CLOSE,
    STRONG_OPEN,
    convert_tags,
    decode_entities,
    strong_stars,
)
from compiler.typeset.quotes import AS_TYPED, doubles, singles, tex
from compiler.typeset.rule import (
    APOSTROPHE,
    EM_DASH,
    HAIR_SPACE,
    NBSP,
    WORD_JOINER,
    TypoRule,
    regex,
)


def paired(mark: str, opening: str, closing: str):
    """Text between two `mark`s (a run of one character: `*`, `_`, `__`) set between
    `opening` and `closing`: the marks not inside a word, not against a space, and at most
    200 characters apart on one line (a lone star or snake_case is left as typed)."""
    one = re.escape(mark[0])
    marks = re.escape(mark)
    return regex(rf"(?<![\w{one}]){marks}(?=[^\s{one}])([^{one}\n]{{1,200}}?)(?<=[^\s{one}]){marks}(?![\w{one}])",
                 rf"{opening}\1{closing}")


RULES: tuple[TypoRule, ...] = (
    TypoRule(
        Rule.HTML_ENTITIES,
        "Text copied out of web pages keeps entities like &quot; and &#8217;: they are characters.",
        (("&quot;Hi,&quot; she said", '"Hi," she said'), ("it&#8217;s", "it’s"), ("R&amp;R", "R&R")),
        decode_entities,
        markup=True,
        needs=('&',),
    ),
    TypoRule(
        Rule.HTML_TAGS,
        "Leftover <i>/<em> and <b>/<strong> are real emphasis; other tags are dropped, their text kept.",
        (("<i>no</i>", f"{EM_OPEN}no{EM_CLOSE}"), ('<span style="x">so</span>', "so")),
        convert_tags,
        markup=True,
        needs=('<',),
    ),
    TypoRule(
        Rule.INVISIBLE_SPACING,
        "Hair spaces and word joiners already in the text (typed, or left by an earlier "
        "typesetting) come out: the rules put them back where the house style wants them, "
        "and a second run over typeset text then changes nothing.",
        ((f"“{HAIR_SPACE}‘Hi", "“‘Hi"), (f"so{WORD_JOINER}—", "so—")),
        regex(f"[{HAIR_SPACE}{WORD_JOINER}]", ""),
        needs=(HAIR_SPACE, WORD_JOINER),
    ),
    TypoRule(
        Rule.TABS,
        "A tab inside a paragraph is a space typed with the wrong key.",
        (("he\tsaid", "he said"),),
        regex(r"\t", " "),
        needs=('\t',),
    ),
    TypoRule(
        Rule.STRONG_ASTERISKS,
        "**word** in plain text is strong emphasis; ***word*** is both, strong inside emphasis.",
        (
            ("**never**", f"{STRONG_OPEN}never{STRONG_CLOSE}"),
            ("***now***", f"{EM_OPEN}{STRONG_OPEN}now{STRONG_CLOSE}{EM_CLOSE}"),
        ),
        strong_stars,
        markup=True,
        needs=('**',),
    ),
    TypoRule(
        Rule.STRONG_UNDERSCORES,
        "__word__ in plain text is strong emphasis, as Markdown reads it; a__b and ____ are not.",
        (("__never__ again", f"{STRONG_OPEN}never{STRONG_CLOSE} again"), ("a__b__c", "a__b__c")),
        paired("__", STRONG_OPEN, STRONG_CLOSE),
        markup=True,
        needs=('__',),
    ),
    TypoRule(
        Rule.EMPHASIS_ASTERISKS,
        "*word* in plain text is emphasis; a lone star (5 * 3, A*, a footnote*) is not.",
        (("*so* tired", f"{EM_OPEN}so{EM_CLOSE} tired"), ("5 * 3 * 2", "5 * 3 * 2"), ("grade A*", "grade A*")),
        paired("*", EM_OPEN, EM_CLOSE),
        markup=True,
        needs=('*',),
    ),
    TypoRule(
        Rule.EMPHASIS_UNDERSCORES,
        "_word_ in plain text is emphasis; snake_case is not.",
        (("_really_ late", f"{EM_OPEN}really{EM_CLOSE} late"), ("snake_case_name", "snake_case_name")),
        paired("_", EM_OPEN, EM_CLOSE),
        markup=True,
        needs=('_',),
    ),
    TypoRule(
        Rule.EMPHASIS_SLASHES,
        "/word/ is how some archives wrote italics; and/or, 1/2 and paths are not emphasis.",
        (
            ("she was /gone/.", f"she was {EM_OPEN}gone{EM_CLOSE}."),
            ("/stop---/", f"{EM_OPEN}stop---{EM_CLOSE}"),
            ("and/or 1/2", "and/or 1/2"),
        ),
        regex(
            r"(?<![\w/:<.])/(?=[A-Za-z“‘\"'])([^/\n]{1,80}?)(?<=[\w!?.,'’\"”…\-—])/(?![\w/])",
            rf"{EM_OPEN}\1{EM_CLOSE}",
        ),
        markup=True,
        needs=('/',),
    ),
    TypoRule(
        Rule.ACUTE_GRAVE_APOSTROPHE,
        "Keyboards without an apostrophe key gave ´ or ` inside words: they are apostrophes.",
        (("Author´s Note", "Author’s Note"), ("it`s", "it’s"), ("James´ car", "James’ car")),
        regex(r"[´`](?:(?<=\w[´`])(?=\w)|(?<=[sSzZ][´`])(?=[\s,.;:!?]|$))", APOSTROPHE),
        needs=('´', '`'),
    ),
    TypoRule(
        Rule.TEX_QUOTES,
        "``Hi,'' she said: two backticks open a quotation (as TeX writes them), a backtick before "
        "a word opens a single one; two single quotes are a double quote (''Goodnight,'' typed without "
        "a double-quote key), curled by its neighbours; 8'' after a number is inches.",
        (("``Hi,'' she said", '“Hi," she said'), ("''No.''", '"No."'), ("`Really?'", "‘Really?'"), ("8''", "8''")),
        tex(AS_TYPED),
        needs=("``", "''", "`"),
    ),
    # Before quotes are curled, so both straight and curly closing quotes are seen.
    TypoRule(
        Rule.DIALOGUE_PERIOD_COMMA,
        "`here.\", he said`: a sentence ending inside the quote and a comma outside it is one "
        "mark too many; the comma goes inside, as in `here,\" he said`.",
        (('"I\'m here.", he said', '"I\'m here," he said'), ('"Where?", she asked', '"Where?" she asked')),
        regex(
            r"[.?!](?:(?<=[\w\ue001\ue003]\.)([\"”'’])\s*,(?=\s)|(?<=[?!])([\"”'’]),(?=\s))",
            lambda m: f",{m.group(1)}" if m.group(1) else f"{m.group(0)[0]}{m.group(2)}",
        ),
        needs=('",', "',", '”,', '’,', '" ,', "' ,"),
    ),
    TypoRule(
        Rule.PRIMES,
        "Feet and inches take primes, not quotes: 5'10\" is 5′10″, and so are 4' 11\", a 50\" TV, "
        "a 40\"-screen, 3/8' and 8''; a quotation still open (`'I'm 6' she said`) keeps its quote.",
        (
            ("5'10\" tall", "5′10″ tall"),
            ("a 6' wall", "a 6′ wall"),
            ("a 12\" ruler", "a 12″ ruler"),
            ("4' 11\"", "4′ 11″"),
            ('"Run!" Her 50" TV', '"Run!" Her 50″ TV'),
            ("a 40\"-screen", "a 40″-screen"),
            ("8''", "8″"),
            ("'I'm 6' she said", "'I'm 6' she said"),
            ("her '#3' pick", "her '#3' pick"),
        ),
        primes,
        needs=("'", '"'),
    ),
    TypoRule(
        Rule.ELLIPSIS,
        "Three typed dots (spaced or not) are one ellipsis character, which never breaks apart.",
        (("so... as", "so… as"), ("wait. . . what", "wait… what"), ("yes....", "yes.…")),
        ellipses,
        needs=("..", ". ."),
    ),
    # Before the dashes: `3--4` and `1991 – 1998` are ranges, not dashes.
    TypoRule(
        Rule.NUMBER_RANGE_EN_DASH,
        "A range of numbers takes a closed en dash (pages 10–20, 3--4, 1991 – 1998), never a date or a code.",
        (
            ("pages 10-20", "pages 10–20"),
            ("(1881--1936)", "(1881–1936)"),
            ("1991 – 1998", "1991–1998"),
            ("1991 - 1998", "1991–1998"),
            ("Part 2 - 3 days later", "Part 2 - 3 days later"),
            ("2024-05-01", "2024-05-01"),
            ("2019-06", "2019-06"),
            ("555-0123", "555-0123"),
            ("F-16", "F-16"),
        ),
        ranges,
        needs=('-', '–'),
    ),
    TypoRule(
        Rule.DOUBLE_HYPHEN_DASH,
        "Fan fiction types an em dash as two hyphens, spaced or not; the em dash is set closed. "
        "Four or more hyphens are a dash drawn out: two em dashes, never a dash and a stray hyphen.",
        (
            ("going to--", "going to—"),
            ("well -- fine", "well—fine"),
            ("no---never", "no—never"),
            ("wait----no", "wait——no"),
            ("Noooo-------", "Noooo——"),
        ),
        hyphen_dashes,
        needs=("--",),
    ),
    TypoRule(
        Rule.SPACED_HYPHEN_DASH,
        "A hyphen or en dash with spaces on both sides is a dash typed in a hurry.",
        (("tired - so tired", "tired—so tired"), ("yes – no", "yes—no")),
        regex(r"(?<=[\w,.!?…’”\"'" + MARKUP_CLASS + r"])[ \t]+[-–][ \t]+(?=[\w“‘\"'" + MARKUP_CLASS + r"])", EM_DASH),
        needs=(" - ", " – ", " -\t", "\t- ", " –\t"),
    ),
    TypoRule(
        Rule.SPACED_EM_DASH,
        "The house style sets em dashes closed, without spaces around them.",
        (("wait — what", "wait—what"),),
        regex(r"[ \t—](?:(?<=[ \t])[ \t]*—[ \t]*|(?<=—)[ \t]+)", EM_DASH),
        needs=('—',),
    ),
    TypoRule(
        Rule.INTERRUPTED_SPEECH_HYPHEN,
        "`What the Hell-\"`: speech cut off by a single hyphen before the closing quote is an em dash.",
        (('"What the Hell-"', '"What the Hell—"'), ('"touch the -"', '"touch the—"')),
        regex(r"(?<=\w)[ \t]*-(?=[\"”](?:\s|$|[,.!?]))", EM_DASH),
        needs=('-"', "-”"),
    ),
    TypoRule(
        Rule.APOSTROPHE_IN_WORD,
        "A straight quote between letters is an apostrophe: don't, Max's, o'clock; so it is after "
        "emphasis or a bracket (*Snape*'s, [Draco]'s), in Jeopardy!'s, and before emphasis or « (l'*amour*).",
        (
            ("don't", "don’t"),
            ("Max's", "Max’s"),
            ("rock'n'roll", "rock’n’roll"),
            (f"{EM_OPEN}Snape{EM_CLOSE}'s", f"{EM_OPEN}Snape{EM_CLOSE}’s"),
            ("[Draco]'s wand", "[Draco]’s wand"),
            ("Jeopardy!'s host", "Jeopardy!’s host"),
            (f"l'{EM_OPEN}amour{EM_CLOSE}", f"l’{EM_OPEN}amour{EM_CLOSE}"),
        ),
        regex(
            r"'(?:(?<=\w')(?=\w)|(?<=[\ue001\ue003\]]')(?=[^\W_])|(?<=!')(?=s\b)"
            r"|(?<=[^\W\d_]')(?=[\ue000\ue002][^\W_]|«))",
            APOSTROPHE,
        ),
        needs=("'",),
    ),
    TypoRule(
        Rule.LEADING_ELISION,
        "Words clipped at the front ('em, 'til, 'cause, the '90s, 'ave, 'Arry) take an apostrophe, not "
        "an opening quote: decided by the paragraph's quotes (none left to close it), not only by a list.",
        (
            ("get 'em", "get ’em"),
            ("'cause I said", "’cause I said"),
            ("the '90s", "the ’90s"),
            ("'Arry, get 'ere!", "’Arry, get ’ere!"),
            ("surfing the 'net all night", "surfing the ’net all night"),
            ("Her sister 'Kay' never wrote", "Her sister 'Kay' never wrote"),
            ("'Er, maybe,' Neville said", "'Er, maybe,' Neville said"),
            ("He said, 'Listen", "He said, 'Listen"),
        ),
        leading_elisions,
        needs=("'",),
    ),
    TypoRule(
        Rule.DOUBLE_QUOTES,
        "Straight double quotes become opening and closing quotes by their neighbours.",
        (('"Hi," she said.', "“Hi,” she said."), ('he said, "Go."', "he said, “Go.”"), ('—"Stop!"', "—“Stop!”")),
        doubles(AS_TYPED),
        needs=('"',),
    ),
    TypoRule(
        Rule.SINGLE_QUOTES,
        "Straight single quotes left after apostrophes are quotation marks (thoughts, nested speech).",
        (("'Why?' she thought.", "‘Why?’ she thought."), ("the girls' room", "the girls’ room")),
        singles(AS_TYPED),
        needs=("'",),
    ),
    TypoRule(
        Rule.REVERSED_ELISION,
        "A word processor's autocorrect types an opening mark before an elision (‘em, ‘Cause, ‘90s): "
        "it is an apostrophe, unless a closing mark is left in the paragraph to pair with it. After "
        "the quotes are curled, so an opening mark they set before one is seen too.",
        (("tell ‘em", "tell ’em"), ("‘Cause I can", "’Cause I can"), ("the ‘90s", "the ’90s"), ("‘Cause,’ he said", "‘Cause,’ he said")),
        reversed_elisions,
        needs=("‘",),
    ),
    # Before the ellipsis spacing, which reads an ellipsis at the paragraph's start as one.
    TypoRule(
        Rule.TRIM_SPACES,
        "Spaces (no-break ones too) typed before a paragraph's first word or after its last are not part of it.",
        (("  It rained. ", "It rained."), (f" {NBSP}It rained.", "It rained.")),
        trim,
    ),
    # After the quotes are curled: whether a quote before it opens or closes decides.
    TypoRule(
        Rule.ELLIPSIS_SPACING,
        "A trailing ellipsis attaches to its word; between two words it is followed by a space.",
        (("so …", "so…"), ("wait…what", "wait… what"), ("“…what", "“…what"), ("… and then", "…and then")),
        regex(
            r"[ \t…](?:(?<=[^\s“‘(\[—][ \t])[ \t]*…(?=[\s”’)\]?!,.;:]|$)"
            r"|(?<=[\w.,;:!?’”" + MARKUP_CLASS + r"]…)(?=[A-Za-z])"
            r"|(?<=…)(?<![^“‘(\[]…)[ \t]+)",
            lambda m: "…" if m.group(0).startswith((" ", "\t")) or m.group(0).endswith((" ", "\t")) else "… ",
        ),
        needs=('…',),
    ),
    TypoRule(
        Rule.SPACE_INSIDE_QUOTES,
        "`\" Do you`: a space just inside a quotation mark is a slip of the thumb.",
        (("“ Do you think”", "“Do you think”"), ("“Yes ”", "“Yes”")),
        # The closing quote's own neighbour decides, seen through the hair space and word
        # joiner the later rules put in (else a second run would read one as a space).
        regex(r"[ \t](?:(?<=[“‘][ \t])[ \t]*|[ \t]*(?=”[\u200a\u2060]*(?:(?!\u200a)\s|$|[,.;:!?])))", ""),
        needs=("“ ", "‘ ", " ”", "“\t", "‘\t", "\t”"),
    ),
    TypoRule(
        Rule.COLLAPSE_SPACES,
        "Runs of spaces (two after a full stop, say) are one space in typeset text; a no-break or "
        "thin space in the run is the one kept.",
        (("end.  Then", "end. Then"), (f"Diagon{NBSP}  Alley", f"Diagon{NBSP}Alley")),
        collapse_spaces,
        needs=("  ", NBSP, "\u2009", "\u202f"),
    ),
    TypoRule(
        Rule.FRACTION_SPACE,
        "A whole number and its fraction are one number: 3 ½ is set 3½.",
        (("3 ½ cups", "3½ cups"), ("2,000 ¾", "2,000¾"), ("page 5 of ½", "page 5 of ½")),
        regex(r"(?<=\d)[ \t\u00a0]+(?=[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒](?!\d))", ""),
        needs=("½", "⅓", "⅔", "¼", "¾", "⅕", "⅖", "⅗", "⅘", "⅙", "⅚", "⅐", "⅛", "⅜", "⅝", "⅞", "⅑", "⅒"),
    ),
    TypoRule(
        Rule.SPACE_BEFORE_PUNCTUATION,
        "No space goes before a comma, full stop, colon, semicolon, question or exclamation mark.",
        (("Really ?", "Really?"), ("yes , no", "yes, no")),
        regex(r"(?<=[\w”’" + MARKUP_CLASS + r"])[ \t]+(?=[,.;:!?]+(?:\s|$|[”’…]))", ""),
        needs=(" ,", " .", " ;", " :", " !", " ?", "\t"),
    ),
    TypoRule(
        Rule.NESTED_QUOTE_HAIR_SPACE,
        "Two quotation marks side by side (“‘ or ’”) read as one blot without a hair space.",
        (("“‘Hi,’ he said”", f"“{HAIR_SPACE}‘Hi,’ he said”"), ("‘no’”", f"‘no’{HAIR_SPACE}”")),
        regex(r"(?<=[“”])(?=[‘’])|(?<=[‘’])(?=[“”])", HAIR_SPACE),
        needs=("“‘", "“’", "”‘", "”’", "‘“", "‘”", "’“", "’”"),
    ),
    TypoRule(
        Rule.NO_BREAK_SPACES,
        "Mr. Smith, No. 5 and 5 p.m. never break across lines (but Main St. No. 5 has no name after St.).",
        (("Mr. Smith", f"Mr.{NBSP}Smith"), ("Main St. No. 5", f"Main St. No.{NBSP}5"), ("at 5 p.m.", f"at 5{NBSP}p.m.")),
        nbsp,
        needs=(".", "AM", "PM"),
    ),
    TypoRule(
        Rule.WORD_JOINER,
        "A word joiner before an em dash or ellipsis that follows a word keeps it from starting a line.",
        (("well—fine", f"well{WORD_JOINER}—fine"), ("so…", f"so{WORD_JOINER}…"), ("“…what", "“…what")),
        regex(WORD_JOINER_BEFORE.pattern, WORD_JOINER + r"\g<0>"),
        needs=('—', '…'),
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in RULES)
RULES_BY_NAME: dict[str, TypoRule] = {rule.name: rule for rule in RULES}
