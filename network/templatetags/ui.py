"""Small pieces of markup every page shares (see templates/includes/)."""

from datetime import date, datetime

from django import template

register = template.Library()


class TableRegionNode(template.Node):
    def __init__(self, label, nodelist):
        self.label = label
        self.nodelist = nodelist

    def render(self, context):
        """The region's opening tag (a template, so the label is escaped), the table as
        rendered (already escaped by its own template), and the closing tag."""
        opening = context.template.engine.get_template("includes/table_region.html")
        with context.push(label=self.label.resolve(context)):
            return opening.render(context) + self.nodelist.render(context) + "</div>"


@register.tag
def table_region(parser, token):
    """`{% table_region _("Members") %}<table>…</table>{% endtable_region %}`: the one
    wrapper of every table. On a phone it scrolls sideways inside the page, and the
    keyboard can reach and scroll it (a named, focusable region)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("table_region takes one argument: the table's name")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(parser.compile_filter(bits[1]), nodelist)


@register.filter(expects_localtime=True)
def datetime_attr(value) -> str:
    """A date or date-time for `<time datetime>`: ISO 8601 to the second, with the
    offset (`|date:'c'` prints microseconds, which HTML does not accept)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat() if isinstance(value, date) else ""
