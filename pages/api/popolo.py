"""The campaign's people and bodies in Popolo JSON (https://www.popoloproject.com/; the schemas
shipped under ``pages/api/schemas/popolo/``):

* ``organizations``: the headquarters, each domain's leading group (its ``parent_id`` the
  headquarters) and the units — member units, leading-group offices, units with published commissioners;
* ``posts``: the headquarters posts (总指挥, 副总指挥…) and each leading group's 组长;
* ``persons``: the post holders and the published acceptance commissioners, with their office and
  mobile phones as ``contact_details`` (the only phones ``pages.public`` lets out);
* ``memberships``: person → organization with role and post; a member unit or office unit → the
  headquarters or group with ``member`` {"@type": "Organization"}.
"""

from __future__ import annotations

HEADQUARTERS_ID = "headquarters"
HEADQUARTERS_NAME = "上犹县“项目大会战”指挥部"
COMMISSIONER_ROLE = "服务受理专员"
LEADER_ROLE = "组长"


def unit_organization(unit) -> dict:
    row = {"id": f"unit-{unit.pk}", "name": unit.name, "classification": unit.get_kind_display()}
    if unit.short_name and unit.short_name != unit.name:
        row["other_names"] = [{"name": unit.short_name, "note": "简称"}]
    return row


def phones(commissioner) -> list[dict]:
    rows = []
    if commissioner.office_phone:
        rows.append({"type": "voice", "label": "办公电话", "value": commissioner.office_phone})
    if commissioner.mobile:
        rows.append({"type": "cell", "label": "手机", "value": commissioner.mobile})
    return rows


class Document:
    """Collects the four lists, each organization and person once."""

    def __init__(self):
        self.persons: dict[str, dict] = {}
        self.organizations: dict[str, dict] = {}
        self.memberships: list[dict] = []
        self.posts: list[dict] = []

    def unit(self, unit) -> str:
        row = unit_organization(unit)
        self.organizations.setdefault(row["id"], row)
        return row["id"]

    def member(self, organization_id: str, member_id: str, role: str) -> None:
        self.memberships.append({"id": f"membership-{len(self.memberships) + 1}", "role": role,
                                 "member": {"@type": "Organization", "id": member_id},
                                 "organization_id": organization_id})

    def person(self, person_id: str, name: str, **fields) -> str:
        self.persons.setdefault(person_id, {"id": person_id, "name": name, **fields})
        return person_id

    def hold(self, person_id: str, organization_id: str, role: str, post_id: str | None = None,
             label: str = "") -> None:
        row = {"id": f"membership-{len(self.memberships) + 1}", "person_id": person_id,
               "organization_id": organization_id, "role": role}
        if post_id:
            row["post_id"] = post_id
        if label:
            row["label"] = label
        self.memberships.append(row)

    def as_dict(self) -> dict:
        return {"persons": list(self.persons.values()), "organizations": list(self.organizations.values()),
                "memberships": self.memberships, "posts": self.posts}


def add_headquarters(doc: Document, hq: dict) -> dict[str, str]:
    """The headquarters, its posts and their holders; returns {holder's name: person id}."""
    doc.organizations[HEADQUARTERS_ID] = {"id": HEADQUARTERS_ID, "name": HEADQUARTERS_NAME, "classification": "指挥部"}
    holders = {}
    for post in hq["posts"]:
        post_id, role = f"post-{post.pk}", post.get_role_display()
        doc.posts.append({"id": post_id, "label": role, "role": role, "organization_id": HEADQUARTERS_ID})
        person_id = holders.setdefault(post.person_name, f"person-hq-{post.pk}")
        doc.person(person_id, post.person_name, summary=post.title)
        doc.hold(person_id, HEADQUARTERS_ID, role, post_id, label=post.title)
    for unit in hq["member_units"]:
        doc.member(HEADQUARTERS_ID, doc.unit(unit), "指挥部成员单位")
    return holders


def add_leading_groups(doc: Document, hq: dict, holders: dict[str, str]) -> None:
    for group in hq["leading_groups"]:
        group_id = f"leading-group-{group.pk}"
        doc.organizations[group_id] = {"id": group_id, "name": str(group), "classification": "领导小组",
                                       "parent_id": HEADQUARTERS_ID}
        doc.member(group_id, doc.unit(group.office_unit), "领导小组办公室所在单位")
        post_id = f"post-{group_id}-leader"
        doc.posts.append({"id": post_id, "label": f"{group.domain.name}领导小组组长", "role": LEADER_ROLE,
                          "organization_id": group_id})
        if group.leader_name:
            person_id = holders.get(group.leader_name) or doc.person(f"person-group-{group.pk}", group.leader_name)
            doc.hold(person_id, group_id, LEADER_ROLE, post_id, label=group.leader_post)


def add_commissioners(doc: Document, commissioners) -> None:
    for commissioner in commissioners:
        person_id = doc.person(f"person-commissioner-{commissioner.pk}", commissioner.name,
                               contact_details=phones(commissioner))
        if commissioner.matters:
            doc.persons[person_id]["summary"] = f"受理事项：{commissioner.matters}"
        doc.hold(person_id, doc.unit(commissioner.unit), COMMISSIONER_ROLE, label=commissioner.post)


def document(hq: dict, commissioners) -> dict:
    """Popolo JSON of ``hq`` (``v2_views.headquarters()``) and the published ``commissioners``."""
    doc = Document()
    holders = add_headquarters(doc, hq)
    add_leading_groups(doc, hq, holders)
    add_commissioners(doc, commissioners.select_related("unit"))
    return doc.as_dict()
