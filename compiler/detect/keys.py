"""Header keys: the words authors and archives put before a colon to give a story's
metadata (`Rating: T`, `Email: …`, `X-Over: BtVS & MIB`), as one regular expression.

Gathered from LiveJournal and Dreamwidth headers, mailing-list posts (From, Date,
Subject), archive pages (Email, Website, URL, Part) and FanFicFare's exports. A key not
listed here still counts in a header block among listed ones (header.py).
"""

from __future__ import annotations

_KEYS = (
    r"title|author|authors|written\s+by|by|rating|rated|rate|pairings?|relationships?|ships?|couplings?"
    r"|characters?|spoilers?|warnings?|archive\s+warnings?|content\s+warnings?|word\s*count|words|length"
    r"|fandoms?(?:\s*/\s*series)?|series|beta(?:\s*read(?:er|\s+by))?|betas|beta['’]?d\s+by|genres?['’]?|categor(?:y|ies)"
    r"|classification|status|timeline|setting|scene|era|universe|prompt|prompts|challenge|request(?:ed\s+by)?"
    r"|recipient|written\s+for|written\s+using|gift\s+for|dedications?|dedicated\s+to|feedback|type|e-?mail|archiving"
    r"|web\s?site|url|homepage|part|parts|date|posted|published|updated|last\s+updated|completed|subject|from"
    r"|reply\s+to|x-?over|crossover|soundtrack|song|music|tags|language|archive|sequel\s+to|prequel\s+to"
    r"|continuity|notes"
)

HEADER_KEYS = f"(?:{_KEYS})"
