"""Detect stage: SourceText → ParsedStory (the story's tree, and the doubts on the way).

Takes a story's text and a manifest's own markers; gives a Story of Sections and Blocks
(front matter, chapters, notes, flashbacks, scene breaks, letters, …) in the order of
the text, every marker line it consumed kept as a Marker, and Diagnostics for what
looked like structure but was not taken. Modules, in the order the data flows:

    kinds, line_rules, lines   one line → what it marks (the rule table)
    markers                    a manifest's own markers as rules
    paragraphs                 lines → classified paragraphs (wrapped, indented, verse)
    flashbacks, notes,         decisions that look ahead: where a flashback ends, how
    embedded, header           far a note or letter runs, the title line and byline
    blocks, sections           the tree's pieces
    assembly                   the single pass that builds the tree (parse_story)
    placement                  notes and flashbacks moved where the manifest wants them
"""

from compiler.faces import face

__getattr__, __dir__, __all__ = face(
    __name__,
    {
        "parse_story": "assembly",
        "ParsedStory": "parsed",
        "Diagnostic": "parsed",
        "place": "placement",
        "classify_line": "lines",
        "LineKind": "kinds",
        "RULES": "line_rules",
    },
)
