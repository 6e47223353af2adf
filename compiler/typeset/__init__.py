"""Typeset stage: Story → the same tree with its text typeset, and every change made.

Takes a detected story and the manifest's typography switches and quote style; gives
the story with curly quotes, real dashes and ellipses, emphasis as markup, the spacing
of a printed book, and a Change per rule and source line. Letters and digits are never
changed. Modules: markup (inlines ↔ one marked string), rule (a rule's shape and the
characters rules set), quotes, elisions and marks (what the rules do), table (the rules
in order), engine (the active rules applied), story (the pass over the tree), review
(each paragraph's changes rule by rule, and what a copy editor would query).
"""

from compiler.faces import face

__getattr__, __dir__, __all__ = face(
    __name__,
    {
        "typeset_story": "story",
        "typeset_block": "story",
        "Change": "story",
        "active_rules": "engine",
        "apply_rules": "engine",
        "RULES": "table",
        "RULES_BY_NAME": "table",
        "paragraph_reviews": "review",
        "queries": "review",
    },
)
