"""`{% shortlist_saved pathway as saved %}`: whether the signed-in person has saved `pathway`, for
the shortlist's toggle (programmes/templates/programmes/shortlist/_toggle.html).

A tag library must live in an installed app's `templatetags` package, hence here and not in the
slice; it only asks the slice's selector, which reads the person's saved routes once per request
(a visitor's answer is always False, without a query)."""

from django import template

from programmes.shortlist.selectors import saved_pathway_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def shortlist_saved(context, pathway) -> bool:
    request = context.get("request")
    if request is None or pathway is None:
        return False
    return pathway.pk in saved_pathway_ids(request)
