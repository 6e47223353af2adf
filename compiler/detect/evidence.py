"""Evidence: does a paragraph read as the author talking to the readers, or as the story?

A label (`A/N:`) says where a note starts, but not where it ends, and many notes have no
label at all: "Sorry about the long wait…", thanks to a beta, news about the story. As
jusText decides what is content by a few measured features, each paragraph here gets a
score from small named signals: talk about the writing and the readers, emoticons and
net-speak, the author's own present tense for the note; dialogue and past-tense
narration for the story. Each signal is a row with its reason and cases (the tests run
them). The score is the decision's evidence, and the outline shows it.

A signal says what it looks for as words, phrases and marks, looked up among the
paragraph's own (one split, one set lookup each); a pattern only for what words cannot
say (case, punctuation, the start of the paragraph). Kept so, weighing a paragraph costs
about what reading it does: a long alternation of words in a regex costs ten times more.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(*phrases: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each phrase as the text to find among the paragraph's words (` hope you `) and the
    words it needs (looked up first: most paragraphs lack one, and are done)."""
    return tuple((f" {phrase} ", frozenset(phrase.split())) for phrase in phrases)


@dataclass(frozen=True)
class Words:
    """A paragraph's words (lower case, edge punctuation off: `don't`, `beta'd` stay
    whole), counted and in order, and its marks (the lower-cased tokens as typed, a
    trailing `.`, `!` or `,` off: `:d`, `^_^`, `<3`)."""

    counts: Counter[str]
    spaced: str  # the words in order, a space before and after each
    marks: Counter[str]

    @classmethod
    def of(cls, lowered: str) -> Words:
        tokens = lowered.split()
        words = [token.strip(_EDGE) for token in tokens]
        marks = Counter(token.rstrip(".!,") for token in tokens if not token.isalnum())
        return cls(Counter(words), f" {' '.join(words)} ", marks)


_EDGE = "\"'“”‘’()[]{}<>*~_.,!?;:…-–—/"


@dataclass(frozen=True)
class Signal:
    name: str
    weight: int  # per match, the sign says which way it points
    cap: int  # at most this many matches count
    reason: str
    examples: tuple[str, ...]  # texts it finds
    counterexamples: tuple[str, ...] = ()  # texts it leaves alone
    words: frozenset[str] = frozenset()  # lower case
    phrases: tuple[tuple[str, frozenset[str]], ...] = ()  # two or three words, lower case
    marks: frozenset[str] = frozenset()  # tokens as typed (lower case): emoticons
    pattern: re.Pattern[str] | None = None  # on the text as typed: what words cannot say
    at_start: bool = False  # the pattern holds only at the paragraph's start (one try, not a search)

    def count(self, text: str, words: Words) -> int:
        counts = words.counts
        found = sum(counts[w] for w in counts.keys() & self.words) if self.words else 0
        found += sum(words.spaced.count(phrase) for phrase, needs in self.phrases if needs <= counts.keys())
        found += sum(words.marks[m] for m in words.marks.keys() & self.marks) if self.marks else 0
        if self.pattern is not None:
            if self.at_start:
                found += 1 if self.pattern.match(text) else 0
            else:  # no further than the cap: a long paragraph of narration need not be read to its end
                found += sum(1 for _ in islice(self.pattern.finditer(text), self.cap))
        return min(found, self.cap)


_I = re.IGNORECASE

SIGNALS: tuple[Signal, ...] = (
    Signal(
        "talks-about-the-writing",
        2, 4,
        "An author's note talks about the writing: this chapter, the story, updates, reviews, the beta.",
        ("This chapter is extra long.", "Thanks to my beta!", "My first songfic.", "the OCs I made up", "a one-shot",
         "R&R please", "not beta-read", "my first fan fiction"),
        ("He walked down the long road.",),
        words=_set(
            "chapter chapters chapta story stories storyline fic fics fanfic fanfics fanfiction oneshot oneshots one-shot"
            " one-shots drabble drabbles songfic songfics sequel prequel series update updates updated updating posted"
            " posting reposted write wrote writing beta betas betad betaed betaing beta'd betaread beta-read beta-reading"
            " review reviews reviewing reviewers r&r flame flames flamed flaming flamming oc ocs oc's ooc canon pairing"
            " pairings crossover plot criticism constructive reader readers disclaimer inspired inspiration prompt challenge"
            " installment anime manga episode fandom slash femslash yaoi shounen-ai shounenai lemon hiatus cliffhanger typo"
            " typos grammar spelling summary parody lyrics kudos favorite favorites favourite favourites ao3 ffn tumblr"
            " edited unedited proofread unproofread author's authors' fanfiction.net ff.net wip a/n"
        ),
        phrases=_phrases(
            "fan fiction", "mary sue", "mary sues", "r & r", "shounen ai", "character study", "this work",
            "in two parts", "in three parts", "in four parts", "in five parts", "in 2 parts", "in 3 parts", "in 4 parts",
        ),
    ),
    Signal(
        "addresses-the-readers",
        2, 3,
        "An author's note speaks to the readers: hope you enjoy, let me know, thank you, sorry for the wait.",
        ("I hope you like it.", "Sorry about the long wait", "For those of you wondering", "Thank you all",
         "Let me know what you think", "You have been warned!"),
        ("She read the letter twice.", "The fog came in, which everyone agreed was the kind of thing it would do."),
        # `everyone` alone is the narration's as often ("Everyone said he was brilliant"):
        # only greeted or thanked is it the readers.
        words=_set("y'all yall please plz pleas thanks thank sorry welcome hello enjoy mina"),
        phrases=_phrases(
            "hi everyone", "hey everyone", "hello everyone", "thanks everyone", "everyone who reviewed",
            "everyone who read", "everyone for reading", "everyone for the", "hi everybody", "hey everybody",
            "hello everybody", "thanks everybody", "everybody who reviewed", "everybody for reading", "enjoy everybody",
            "enjoy everyone", "you guys", "every one", "those of you", "hope you", "if you like", "if you liked", "if you want", "if you see",
            "if you haven't", "let me know", "tell me what", "tell me if", "tell me how", "you'll see", "you'll know",
            "you'll like", "you'll get", "stay tuned", "you've been warned", "you have been warned", "be warned",
            "you don't need to", "you don't have to", "you need to know", "you'll be fine", "go here", "click here",
        ),
    ),
    Signal(
        "emoticons-and-net-speak",
        3, 2,
        "Emoticons and net-speak (:D, ^__^, lol, btw, ps, EDIT) are the author's voice, not the story's.",
        ("Thanks! :D", "Let's celebrate ^__^", "lol I can't explain", "ps: yes", "*EDIT* fixed", "hahaha", "P.S. yes",
         "so sad T_T"),
        ("She smiled.", "The time was 3:15."),
        words=_set("lol lmao omg omfg btw idk imo imho fangz ps p.s edit haha hahaha hahahaha hehe hehehe"),
        marks=_set(":) :( :d :p :3 :-) :-( :-d :-p ;) ;-) ;d ;] :] xd =) <3 t_t -_- ^_^ ^^ ^__^ ^___^ ^.^ >_< o_o"),
    ),
    Signal(
        "the-author-now",
        1, 2,
        "The author speaks in the present tense of themselves (I'm back, I hope, my first story).",
        ("I'm back", "I know they are", "I’ve finally finished"),
        ("I walked home.",),
        words=_set("i'm im i've ive i'll"),
        phrases=_phrases(
            "i am", "i have", "i hope", "i know", "i think", "i will", "i would like", "i want", "i can't", "i cant",
            "i don't", "i dont", "my first", "my story", "my fic", "my fics", "my chapter", "my stories", "my work",
            "my beta", "my previous", "my other",
        ),
    ),
    Signal(
        "explains-the-typing",
        4, 1,
        "A key to the typing ('* - an interruption', '[Italics] denotes lyrics') is the author "
        "explaining how to read the story.",
        ("* - An interruption of speech.", "[Italics] denotes lyrics", "~text~ = thoughts", "Italics are thoughts",
         "internal thought in * *"),
        ("- he said, and left.",),
        pattern=re.compile(
            r"[^\w\s]{1,6}(?:\w{0,12}[^\w\s]{1,6})?\s+[-=:]\s+\w|\S.{0,24}?\s(?:denotes|indicates|means|stands\s+for)\b"
            r"|\W{0,2}(?:italics|bold|asterisks)\W{0,2}\s+(?:are|is|mean|denote)\b"
            r"|(?:\w+\s+){0,2}(?:thoughts?|speech|dialogue|flashbacks?|telepathy|mind\s*speak)\s+(?:in|are\s+in|=)\s+\S",
            _I,
        ),
        at_start=True,
    ),
    Signal(
        "bullet-points",
        3, 1,
        "Notes list what the reader should know in bullet points (a star that opens no emphasis).",
        ("*Naruto is ten years old", "* He joined the academy early", "- The rest is canon"),
        ("*Knock-Knock*", "*huff* he said"),
        pattern=re.compile(r"\s*[*•·\-]\s?(?=[A-Z0-9])(?!\S*\*(?:\s|$))"),
        at_start=True,
    ),
    Signal(
        "dialogue",
        -4, 1,
        "Dialogue is the story: a paragraph that opens with a quote, or quotes someone who said it.",
        ('"Go," he said.', "“Hey Ebony!” shouted a voice."),
        ("Thanks xx for the beta!",),
        pattern=re.compile(r"^[\"“‘]|[\"”]\s*(?:,\s*)?(?:he|she|they|I|[A-Z][a-z]+)\s+(?:said|asked|replied|shouted|whispered|yelled|cried)\b"),
    ),
    Signal(
        "past-tense-narration",
        -1, 8,
        "Narration tells in the past tense of someone: he was, she had, Maren climbed.",
        ("There was nothing Maren wanted more than the sea.", "She sighed and stopped walking."),
        ("I hope you like it!",),
        pattern=re.compile(
            r"\b(?:he|she|they|it|his|her|their|[A-Z][a-z]{2,})\s+(?:was|were|had|did|could|would|sat|stood|looked|walked|turned"
            r"|felt|knew|thought|saw|said|came|went|took|made|began|seemed|smiled|sighed|nodded|shook|ran|\w{3,}ed)\b"
        ),
    ),
)

SIGNAL_NAMES = tuple(signal.name for signal in SIGNALS)


# Signals that only the author talking gives (the others are a matter of degree).
STRONG = frozenset({"talks-about-the-writing", "addresses-the-readers", "emoticons-and-net-speak", "explains-the-typing"})


@dataclass(frozen=True)
class Evidence:
    """A paragraph's score (above zero: it reads as the author talking) and the signals
    that made it, as `name×count`."""

    score: int
    signals: tuple[str, ...]

    @property
    def strong(self) -> bool:
        """Whether a signal that only the author gives is among them."""
        return any(signal.partition("×")[0] in STRONG for signal in self.signals)

    def __str__(self) -> str:
        return f"{self.score:+d} ({', '.join(self.signals) or 'no signal'})"


@functools.lru_cache(maxsize=4096)
def weigh(text: str) -> Evidence:
    """The evidence one paragraph's text gives (pure, cached: paragraphs are weighed more
    than once as the decisions look around them)."""
    score = 0
    found: list[str] = []
    words = Words.of(text.lower().replace("’", "'"))
    for signal in SIGNALS:
        count = signal.count(text, words)
        if count:
            score += signal.weight * count
            found.append(f"{signal.name}×{count}")
    return Evidence(score, tuple(found))


# A paragraph this far above zero is a note even with no label; a paragraph after a
# note continues it when it reads the author's way at all.
NOTE_SCORE = 4
CONTINUES_SCORE = 1
