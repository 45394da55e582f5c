"""County leaders already named in the reference data: the headquarters' commander and deputy
commanders (附件1) are the leaders who take domains 包干, so each has a ``Leader`` linked to its post."""

from django.db import transaction

from registers.duties.models import Leader, LeadingBody


@transaction.atomic
def link_reference_leaders() -> int:
    """A ``Leader`` for each named headquarters post (created or linked by name); returns how many were new."""
    from snippets.models import HeadquartersPost

    created = 0
    for post in HeadquartersPost.objects.exclude(person_name="").order_by("sort_order"):
        leader, made = Leader.objects.get_or_create(
            name=post.person_name, defaults={"post": post.title, "body": LeadingBody.GOVERNMENT,
                                             "sort_order": post.sort_order})
        created += made
        if leader.hq_post_id != post.pk and not Leader.objects.filter(hq_post=post).exclude(pk=leader.pk).exists():
            leader.hq_post = post
            leader.save(update_fields=["hq_post"])
    return created
