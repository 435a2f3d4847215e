"""Text people type, made safe to keep and to show.

`as_text` turns rendered template output back into a plain string: Django marks what
`render_to_string` returns as safe HTML, so a text part shown in a page (an email preview)
would print its user-written content as markup. A plain str is escaped like any value.

`clean_name` keeps invisible characters out of names (network.forms.NameField applies it
in forms, the member register import to its rows).
"""

import unicodedata


def as_text(value) -> str:
    """The same characters as a plain str (never a SafeString), so templates escape it."""
    return str.__str__(value)


def clean_name(value: str) -> str:
    """A name without invisible characters, with single spaces. Bidirectional overrides
    (U+202E makes "Ana" print backwards, or a name look like another) and zero-width
    spaces and joiners (two names that look alike but differ) are format characters
    (category Cf); control characters (Cc) have no place in a name either."""
    kept = (
        " " if char.isspace() else char
        for char in value
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf")
    )
    return " ".join("".join(kept).split())
