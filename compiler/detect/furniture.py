"""Site furniture: lines the archive or the saving tool put around a story, not its author.

A browser's "save as text" of an archive page brings the page's chrome along: AO3's
`Work Header` and `Work Text:`, breadcrumbs (`Fandom ❯ Story ❯ Chapter`), rating badges,
stats lines, `Tumblr media`, forum post headers, navigation, cookie notices. As
trafilatura keeps what is furniture as ordered rules kept as data, each kind of line is a
row here with its reason and cases. A furniture line is left out of the book (unless the
manifest keeps it), and every line left out is listed by `outline` and `check`.

Rules marked `opening` hold only before the story's text begins (a lone file name, a
forum's date line), where the page's chrome stands; the others anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    pattern: re.Pattern[str]
    reason: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...] = ()
    opening: bool = False  # only before the story's text


_I = re.IGNORECASE

RULES: tuple[FurnitureRule, ...] = (
    FurnitureRule(
        "ao3-chrome",
        re.compile(
            r"^(?:Work\s+Header|Work\s+Text:?|Chapter\s+Text|Chapter\s+Management|Back\s+to\s+top|Top\s+of\s+Work"
            r"|Entire\s+Work|Chapter\s+Index|Actions|Share|Kudos\s*♥?|Bookmark|Comments|Post\s+Comment"
            r"|(?:←\s*)?Previous\s+Chapter(?:\s*→)?|(?:←\s*)?Next\s+Chapter(?:\s*→)?)$",
            _I,
        ),
        "AO3's page puts its own headings around the work: Work Header, Work Text:, Chapter Text, Back to top.",
        ("Work Header", "Work Text:", "Chapter Text", "Back to top", "Next Chapter →"),
        ("The Work of a Lifetime", "Chapter 4: Text"),
    ),
    FurnitureRule(
        "ao3-pointer",
        re.compile(r"^\(See the (?:end|beginning) of the (?:work|chapter) for (?:more )?notes\.?\)$", _I),
        "AO3 says where a work's or chapter's other notes are: (See the beginning of the chapter for more notes.)",
        ("(See the beginning of the chapter for more notes.)", "(See the beginning of the work for notes.)"),
        ("(See you at the end of the chapter!)",),
    ),
    FurnitureRule(
        "forum-chrome",
        re.compile(
            r"^(?:Quick\s+Reply|Post\s+Reply|Reply|Submit|Reply\s+with\s+quote|Back\s+to\s+(?:Guilds|Forums?|Top|Index)"
            r"|Can't\s+read\s+the\s+text\?.*|Enter\s+both\s+words\s+below.*|Click\s+here.*|Welcome\s+to\s+\S+(?:\s+\S+)?!\s*::?"
            r"|Post(?:Posted|ed)?\s*:\s*\w{3}\s+\w{3}\s+\d{1,2},\s+\d{4}\s+\d{1,2}:\d{2}\s*[ap]m"
            r"|Posted\s+(?:on|at)\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}.*|Report\s+Post|Top\s+of\s+page"
            r"|(?:Post|Beitrag)\s*(?:by|von)\s+\S.{0,40}?\s+(?:»|on)\s+.{0,30}\d{4}.{0,12}"
            r"|Discussion\s+in\s+['‘].{1,60}?['’]\s+started\s+by\s.{1,60}|(?:\d+\.\s+)?Threadmarks?(?::.*)?"
            r"|(?:Likes\s+Received|Reaction\s+score|Trophy\s+Points|Messages|Joined)\s*:\s*[\d,.]*"
            r"|Replies\s+to\s+This\s+Discussion|Views\s*:\s*[\d,.]+)$",
            _I,
        ),
        "A forum's page has its buttons and post headers: Quick Reply, Submit, PostPosted: Mon Mar 02, 2009 9:14 pm, "
        "Post by someone » on a date, Discussion in 'Board' started by someone, Threadmarks, Likes Received.",
        ("Quick Reply", "Submit", "PostPosted: Mon Mar 02, 2009 9:14 pm", "Back to Guilds", "Welcome to Gaia! ::",
         "Can't read the text? Click here", "Post by Quill-Harper on Mon Mar 02 2009, 21:14",
         "Beitragvon Lamplighter » Mo 3. Mai 2010, 09:41", "Discussion in 'Story Thread' started by Wrenfield, Feb 12, 2019.",
         "3. Threadmarks: Chapter 4 - Low Tide", "Likes Received:", "Views: 202"),
        ("Reply to me, she said.", "Submit to the king.", "Messages: he had none, she said."),
    ),
    FurnitureRule(
        "reading-controls",
        re.compile(
            r"^(?:(?:full|\d/\d|skin|light|dark|font|size|text|larger|smaller|A\+|A-|width|narrow|wide|serif|sans)\s*){4,}$"
            r"|^(?:Background\s+colou?r|Line\s+height|Font\s+(?:size|family|face)|Text\s+size|Reading\s+mode)$",
            _I,
        ),
        "An archive's controls for the reader (text width, size, skin) saved as a line of words: full 3/4 1/2 skin light dark.",
        ("full 3/4 1/2   skin light dark", "Background color", "Line height"),
        ("full of light and dark",),
    ),
    FurnitureRule(
        "breadcrumb",
        re.compile(r"^[^❯»›>|]{1,80}(?:\s[❯»›>|]\s[^❯»›>|]{1,80}){2,}$"),
        "Archives head a page with a trail of links: Fandom ❯ Story ❯ Chapter.",
        ("Gull Reach Fan Fiction ❯ The Lamp Room ❯ Low Tide ( Prologue )", "Home » Fiction » Gull Reach"),
        ("THE LAMP ROOM 2 » 3", "Him > her, she thought"),
    ),
    FurnitureRule(
        "rating-badge",
        re.compile(r"^\[\s*[A-Z]{1,3}\s*-\s*[A-Z][\w\-]*(?:\s+[\w\-]+){0,4}(?::[^\]]{0,80})?\s*\]$"),
        "MediaMiner shows a work's rating as a badge: [ M - Mature: … ].",
        ("[ M - Mature: Not suitable for readers under 18 ]", "[ P - Pre-Teen ]"),
        ("[Let's sail out past the harbour light.", "[break]"),
    ),
    FurnitureRule(
        "stats",
        re.compile(
            r"^(?:\d[\d.,]*[KkMm]?\s+){1,5}\d[\d.,]*[KkMm]?$"
            r"|^(?:(?:Hits|Kudos|Bookmarks|Comments|Views|Reads|Votes|Favs|Follows|Reviews)\s*:\s*[\d,.]+[KkMm]?\s*){2,}$"
            r"|^[•·*]?\s*[\d,.]+[KkMm]?\s+(?:Views|Reads|Hits|Comments|Votes|Likes|Kudos)(?:,?\s+[\d,.]+[KkMm]?\s+\w+){0,3}$"
            r"|^[•·*]\s*(?:Published|Updated|Posted)\s+.{0,30}\d{4}$"
            r"|^.{1,80}?FR\d{2}[\d,]+.{0,40}(?:Yes|No)$",
            _I,
        ),
        "A page's counters (hits, kudos, reads, votes) and dates are the site's, not the story's: 1.6K 59 7.",
        ("1.6K 59 7", "Hits: 1,204 Kudos: 87", "• 1,566 Views, 47 Comments", "• Published 30th Dec 2012",
         "Books > AdventurewrenfieldFR13412,30521110,45203 Mar 0711 Oct 08No"),
        ("1998", "7 of 9"),
    ),
    FurnitureRule(
        "media-placeholder",
        re.compile(r"^(?:Tumblr\s+media|\[?image\]?|\[img\][^\s]*|Image\s+(?:description|removed)[^.]{0,40})$", _I),
        "Where a page had an image, saving it as text leaves only a placeholder: Tumblr media.",
        ("Tumblr media", "[image]"),
        ("Imagine that.",),
    ),
    FurnitureRule(
        "navigation",
        re.compile(
            r"^[•·*\-]?\s*(?:Previous|Prev|Next|Home|Index|Print|Download|Table\s+of\s+Contents|Skip\s+to:?|Go\s+to\s+(?:footer|top|content|bottom)"
            r"|Jump\s+to:?|(?:Return|Back)\s+to\b.{0,60}?(?:page|index|list|top|stories|main|home|contents)|Main\s+Page"
            r"|Click\s+here\s+to\s+(?:download|read|go|return|see|view|print)\b.{0,80})$",
            _I,
        ),
        "Links to other pages (Previous, Next, Return to … page, Skip to:) are the site's navigation.",
        ("• Previous", "Next", "Skip to:", "Return to main “The Lamp Room” Page",
         "Click here to download The Lamp Room as a PDF."),
        ("Next came the rain.", "Return to sender, she wrote on it."),
    ),
    FurnitureRule(
        "site-address",
        re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|net|org|info|co\.uk|de|fr|io|me)(?:/\S*)?$", _I),
        "A site's name as its address, saved at the top of its page.",
        ("samandjack.net", "www.example.org/fics/"),
        ("Dr. Smith", "end."),
    ),
    FurnitureRule(
        "glued-menu",
        re.compile(r"^(?=[A-Za-z][A-Za-z ]{8,80}$)(?=.*(?:[A-Z][a-z]{2,}){3})"),
        "A menu of links saved with no spaces between them: StoryReviewsStatisticsRelated StoriesTracking.",
        ("StoryReviewsStatisticsRelated StoriesTracking", "Large PrintHandheldAudioRating"),
        ("McGonagall and MacDonald met DeLuca", "He said no"),
    ),
    FurnitureRule(
        "stats-table",
        re.compile(
            r"^(?:(?:Categories|Category|Author|Rating|Chapters|Words|Recs|Reviews|Hits|Published|Updated|Complete|Kudos"
            r"|Bookmarks|Comments|Status|Language|Genre|Favs|Follows)\s*){5,}$",
            _I,
        ),
        "An archive's table of a story's figures, its heading row saved as a line: Categories Author Rating Chapters Words ….",
        ("Category Author Rating Words Reviews Hits Published Updated",),
        ("Rating: T",),
    ),
    FurnitureRule(
        "menu-line",
        re.compile(r"^(?:Content|Menu|Categories)\s+(?:(?:[A-Z][\w\-]*|the|of|and|a|&)\s*){3,}$"),
        "A site's menu bar saved as one line of its section names.",
        ("Content Gull Reach The Lamp Room Low Tide Translations",),
        ("Content with her lot, Mary Ann sat down.",),
    ),
    FurnitureRule(
        "page-notice",
        re.compile(
            r"\b(?:cookies?\b.{0,80}\b(?:use|accept|policy)|(?:use|using)\s+this\s+service\b"
            r"|(?:(?<=^)|(?<=please\s)|(?<=\bto\s)|(?<=\bor\s)|(?<=\band\s))(?:sign|log)\s+(?:in|up)\s*(?:to\b|$)|terms\s+of\s+(?:service|use)\b|privacy\s+policy\b"
            r"|page\s+history\s+last\s+edited\b|is\s+an?\s+AI-powered\b)"
            r"|^(?:View\s+Full\s+Version\s*:|Latest\s+(?:addition|update|chapter)s?$|\[personal\s+profile\]\s*\S+$"
            r"|Originally\s+posted\s+by\b|Quote:?$)|\(Default\)$",
            _I,
        ),
        "Site notices (cookies, sign in, a wiki's edit history, a forum's archive link, a journal's "
        "profile badge) belong to the page.",
        ("Page history last edited by wren 4 years, 2 months ago", "View Full Version : Gull Reach Stories",
         "[personal profile] lamp_fic", "lamp_fic: lamp icon 2019 (Default)", "Latest addition",
         "• This site uses cookies; by reading on you accept our policy."),
        ("She signed the letter.", "He logged the call."),
    ),
    FurnitureRule(
        "post-date",
        re.compile(
            r"^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?),?\s+\d{4})"
            r",?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[AP]\.?M\.?)?$",
            _I,
        ),
        "A forum or blog stamps each post with its date and time, on a line of its own.",
        ("10-12-2004, 02:24 PM", "Sep 18, 2012 03:34", "18 September 2012 at 3:34 pm"),
        ("Posted: 1/15/13", "6:07am"),
        opening=True,
    ),
    FurnitureRule(
        "cover-caption",
        re.compile(r"^(?:\S+\s){1,6}(?:cover|cover\s+art|banner|header\s+image)$", _I),
        "An image's caption left where the cover or banner was: '… cover'.",
        ("The Lamp Room cover",),
        ("She pulled the blanket over her head to take cover",),
        opening=True,
    ),
    FurnitureRule(
        "page-actions",
        re.compile(
            r"^(?:\s*(?:Post\s+a\s+Review|Printer\s+Friendly|Print(?:able)?(?:\s+Version)?|Help|Review|Reviews|Favou?rite|Report"
            r"|Share|Download|Alert|Follow|Subscribe|Add\s+to\s+(?:Favou?rites|Library|Reading\s+List)|Vote|Comment)(?:\s{2,}|\s*[|•·]\s*|$)){2,}$",
            _I,
        ),
        "An archive's buttons for the story saved as a line: Post A Review  Printer Friendly  Help.",
        ("  Post A Review  Printer Friendly  Help", "Favorite | Follow | Review"),
        ("Review the report, he said.",),
    ),
    FurnitureRule(
        "site-name",
        re.compile(
            r"^(?:FanFiction\.?Net|FanFiction|FictionPress|Archive\s+of\s+Our\s+Own|AO3|Wattpad|Quotev|Tumblr|LiveJournal"
            r"|Dreamwidth|Cherreads|Webnovel|Royal\s*Road|Scribble\s*Hub|Inkitt|Fimfiction|AsianFanfics|Movellas|Mibba"
            r"|Mediaminer|Teen\s*fic|Wattpad\s+Originals|SpaceBattles|Sufficient\s*Velocity|Questionable\s*Questing"
            r"|Twisting\s+the\s+Hellmouth|HPFanfiction|Portkey(?:\s+Archive)?|Tablo|Commaful|Novelflick|Tumgik|Tumpik)"
            r"(?:\.(?:com|net|org))?$|^Twisting\s+the\s+Hellmouth\s+Crossing\s+Over\s+Awards\b.*$|^Rules\s+for\s+Challenges$|^CoA\s+(?:Winner|Nominee)$",
            _I,
        ),
        "The archive's own name saved at the top of its page is not the story's title.",
        ("Cherreads", "Wattpad", "FanFiction.Net", "Archive of Our Own", "Rules for Challenges", "CoA Winner"),
        ("Fanfiction is fun",),
        opening=True,
    ),
    FurnitureRule(
        "contents-heading",
        re.compile(r"^(?:Table\s+of\s+)?Contents:?$|^Chapter\s+(?:List|Index):?$", _I),
        "A page's list of chapters is headed 'Contents'; the book makes its own.",
        ("Contents", "Table of Contents", "Chapter Index:"),
        ("Contents of the box",),
        opening=True,
    ),
    FurnitureRule(
        "file-name",
        re.compile(r"^[a-z][a-z_\-]*\d+[a-z0-9_\-]*(?:\.(?:txt|html?|doc|rtf))?$|^[\w\-]+\.(?:txt|html?|doc|rtf)$"),
        "A file's own name saved at its top (ans1, chapter03.txt) is not the story's title.",
        ("ans1", "chapter03.txt", "story_part2"),
        ("Hi", "R2D2"),
        opening=True,
    ),
)

RULE_NAMES = tuple(rule.name for rule in RULES)


_LONGEST = 240  # characters: no line of a site's chrome runs longer (the longest seen is 185)


def furniture_rule(line: str, opening: bool) -> str:
    """The name of the rule that finds `line` (stripped) to be furniture, or ""."""
    if len(line) > _LONGEST:
        return ""
    for rule in RULES:
        if (opening or not rule.opening) and rule.pattern.search(line):
            return rule.name
    return ""
