"""The user groups of DESIGN §6 and the model permissions each holds. Rows are scoped in
``registers.core.scopes``; these permissions decide which actions a group may take at all."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from registers.core.scopes import GROUP_COMMISSIONER, GROUP_HQ, GROUP_LEAD, GROUP_LEADER, GROUP_REPORTER

ALL = ("add", "change", "delete", "view")
READ = ("view",)

REGISTER_MODELS = ["project", "monthlyprogress", "groundbreakinground", "observationmeeting"]
COORDINATION_MODELS = ["coordinationissue", "meeting", "minutes", "ledgeritem"]
DUTY_MODELS = ["leader", "leaderassignment", "leaderactivity", "liaisoncommissioner", "commissionerduty"]
REFERENCE_MODELS = ["unit", "domain", "domaintarget", "campaignyear", "headquarterspost", "leadinggroup",
                    "acceptancecommissioner"]

GRANTS: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    GROUP_HQ: {
        **{("registers", m): ALL for m in REGISTER_MODELS + COORDINATION_MODELS + DUTY_MODELS},
        **{("snippets", m): ALL for m in REFERENCE_MODELS},
        ("registers", "laggingrule"): ("change", "view"),
        ("registers", "unitmembership"): ALL,
        ("tasks", "reportrun"): ("view", "delete", "run"),
        ("tasks", "reportwording"): ("change", "view"),
        ("tasks", "reportcalendar"): ("change", "view"),
    },
    GROUP_LEAD: {
        ("registers", "project"): ALL,
        ("registers", "monthlyprogress"): ALL,
        ("registers", "groundbreakinground"): READ,
        ("registers", "observationmeeting"): READ,
        **{("registers", m): ALL for m in COORDINATION_MODELS},
        **{("registers", m): READ for m in DUTY_MODELS},
        **{("snippets", m): READ for m in REFERENCE_MODELS},
        ("tasks", "reportrun"): READ,
    },
    GROUP_REPORTER: {
        # DESIGN §6: a unit reporter reports progress (and issues) of its projects; the project
        # record itself is the lead unit's and the HQ office's.
        ("registers", "project"): READ,
        ("registers", "monthlyprogress"): ("add", "change", "view"),
        # 附件2 三(一): a unit raises its projects' issues; it reads the meetings, minutes and ledger.
        ("registers", "coordinationissue"): ("add", "change", "view"),
        **{("registers", m): READ for m in ("meeting", "minutes", "ledgeritem", "leaderassignment",
                                            "liaisoncommissioner")},
        **{("snippets", m): READ for m in ("unit", "domain")},
        ("tasks", "reportrun"): READ,
    },
    GROUP_LEADER: {
        ("registers", "project"): READ,
        ("registers", "monthlyprogress"): READ,
        **{("registers", m): READ for m in COORDINATION_MODELS},
        # 附件3 第八条: a county leader keeps the log of their own contact work.
        **{("registers", m): READ for m in ("leader", "leaderassignment")},
        ("registers", "leaderactivity"): ("add", "change", "view"),
        **{("snippets", m): READ for m in ("unit", "domain", "domaintarget")},
        ("tasks", "reportrun"): READ,
    },
    GROUP_COMMISSIONER: {
        ("registers", "project"): READ,
        # 附件4: a commissioner keeps the log of their calls, visits and errands.
        ("registers", "liaisoncommissioner"): READ,
        ("registers", "commissionerduty"): ("add", "change", "view"),
        **{("snippets", m): READ for m in ("unit",)},
    },
}


# Wagtail image permissions on the root collection (形象进度 photos). Reporters may upload (and so
# choose their own uploads) but not browse other units' photos.
IMAGE_GRANTS: dict[str, tuple[str, ...]] = {
    GROUP_HQ: ("add_image", "change_image", "delete_image", "choose_image"),
    GROUP_LEAD: ("add_image", "choose_image"),
    GROUP_REPORTER: ("add_image",),
}


def _grant_images(group, codenames) -> None:
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for perm in Permission.objects.filter(content_type__app_label="wagtailimages", codename__in=codenames):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=perm)


# The groups Wagtail's migrations create; the design has its own roles instead (DESIGN §6). Their
# default page workflow and its task keep working, under a Chinese name.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = ("Moderators approval", "页面审核")


def _retire_wagtail_defaults() -> None:
    from wagtail.models import Task, Workflow

    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exclude(name__in=GRANTS).delete()
    english, chinese = WAGTAIL_DEFAULT_WORKFLOW
    Workflow.objects.filter(name=english).update(name=chinese)
    Task.objects.filter(name=english).update(name=chinese)


def _hq_approves_pages(hq_group) -> None:
    """The page review step (Moderators' until retired) is the HQ office's: it publishes the site."""
    from wagtail.models import GroupApprovalTask

    for task in GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW[1]):
        task.groups.add(hq_group)


@transaction.atomic
def ensure_groups() -> int:
    """Create the groups and set exactly their permissions (admin access included), so a change of
    a role here reaches every deployment at its next release; remove Wagtail's default groups, so
    only the design's roles remain. Returns groups created."""
    _retire_wagtail_defaults()
    created = 0
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, grants in GRANTS.items():
        group, was_created = Group.objects.get_or_create(name=name)
        created += was_created
        wanted = [admin_access]
        for (app, model), actions in grants.items():
            wanted += list(
                Permission.objects.filter(content_type__app_label=app, content_type__model=model,
                                          codename__in=[f"{a}_{model}" for a in actions])
            )
        # The roles are defined here, in code: every bootstrap (and release) sets them exactly.
        group.permissions.set(wanted)
        _grant_images(group, IMAGE_GRANTS.get(name, ()))
    _hq_approves_pages(Group.objects.get(name=GROUP_HQ))
    return created
