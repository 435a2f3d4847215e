"""Text people type, made safe to keep and to show.

`as_text` turns rendered template output back into a plain string: Django marks what
`render_to_string` returns as safe HTML, so a text part shown in a page (an email preview)
would print its user-written content as markup. A plain str is escaped like any value.
"""


def as_text(value) -> str:
    """The same characters as a plain str (never a SafeString), so templates escape it."""
    return str.__str__(value)
