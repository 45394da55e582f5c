"""factory_boy factories for the models the tests build.

Reference data comes from the session's seed: ``DomainFactory(code="agriculture")`` and
``UnitFactory(name="东山镇")`` return the seeded domain and unit (any name a unit goes by), and a
factory left to its sequence makes a new one. A project is under way in ``year`` (2024 unless
told), built the year before and finished the year after; ``plan="1000"`` gives it that year's
annual plan. A month defaults to June 2024, reported (submitted), as a unit reports it.

``.build()`` gives unsaved rows for ``bulk_create`` (pass the domain and units: sub-factories are
built unsaved too).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group

from wagtail.images import get_image_model

import factory
from factory.django import DjangoModelFactory

from registers.models import (
    AnnualPlan,
    GroundbreakingRound,
    MonthlyProgress,
    ObservationMeeting,
    ProgressPhoto,
    ProgressStatus,
    Project,
    UnitMembership,
)
from snippets.models import AcceptanceCommissioner, Domain, Unit
from snippets.normalize import normalize_name

PASSWORD = "pw-Test-2024"
YEAR = 2024


# --- reference data ------------------------------------------------------------------------------


class DomainFactory(DjangoModelFactory):
    """A campaign domain; the code of a seeded one returns it."""

    class Meta:
        model = Domain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-domain-{n}")
    name = factory.Sequence(lambda n: f"测试领域{n}")
    sort_order = 99


class UnitFactory(DjangoModelFactory):
    """A government unit; a name (or short name, or alias) of a seeded unit returns that unit."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = "department"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.resolve(kwargs["name"])
        return existing if existing is not None else super()._create(model_class, *args, **kwargs)


class AcceptanceCommissionerFactory(DjangoModelFactory):
    class Meta:
        model = AcceptanceCommissioner

    unit = factory.SubFactory(UnitFactory, name="县发改委")
    name = factory.Sequence(lambda n: f"受理专员{n}")
    is_published = True


# --- users ---------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A signed-in account with the test password; ``groups=[...]`` names its role groups,
    ``superuser=True`` makes it a superuser."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(g if isinstance(g, Group) else Group.objects.get(name=g) for g in extracted))


class UnitMembershipFactory(DjangoModelFactory):
    """Which unit a user works for (``unit=None`` with ``leader_name`` for a county leader)."""

    class Meta:
        model = UnitMembership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory, name="东山镇")
    leader_name = ""


# --- the project register ------------------------------------------------------------------------


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    class Params:
        year = YEAR  # the year it is under way
        plan = None  # "1000": an annual plan of that many 万元 for ``year``

    name = factory.Sequence(lambda n: f"测试项目{n}")
    normalized_name = factory.LazyAttribute(lambda o: normalize_name(o.name))  # as save() sets it
    code = factory.Sequence(lambda n: f"T{n:05d}")
    domain = factory.SubFactory(DomainFactory, code="agriculture")
    responsible_unit = factory.SubFactory(UnitFactory, name="东山镇")
    start_year = factory.LazyAttribute(lambda o: o.year - 1)
    end_year = factory.LazyAttribute(lambda o: o.year + 1)
    total_investment = Decimal("5000")

    @factory.post_generation
    def township(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook signature
        """``township=unit`` (or a list of units): where it lies, written straight to the through table."""
        if create and extracted:
            units = extracted if isinstance(extracted, list | tuple) else [extracted]
            through = Project.townships.through
            through.objects.bulk_create([through(project_id=obj.pk, unit_id=unit.pk) for unit in units])

    annual_plan = factory.Maybe(
        factory.LazyAttribute(lambda o: o.plan is not None),
        yes_declaration=factory.RelatedFactory(
            "tests.factories.AnnualPlanFactory", "project", year=factory.SelfAttribute("..year"),
            planned_investment=factory.LazyAttribute(lambda o: Decimal(o.factory_parent.plan)),
        ),
    )


class AnnualPlanFactory(DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    project = factory.SubFactory(ProjectFactory)
    year = YEAR
    planned_investment = Decimal("1000")


class MonthlyProgressFactory(DjangoModelFactory):
    """A month as a unit reports it (submitted); ``status="draft"`` for a month only saved."""

    class Meta:
        model = MonthlyProgress

    project = factory.SubFactory(ProjectFactory)
    year = YEAR
    month = 6
    completed_ytd = Decimal("100")
    status = ProgressStatus.SUBMITTED


class ImageFactory(DjangoModelFactory):
    """A Wagtail image; ``file__filename`` names its file (photo URLs are told apart by it)."""

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"照片{n}")
    file = factory.django.ImageField(filename="photo.png", format="PNG", width=64, height=48)


class ProgressPhotoFactory(DjangoModelFactory):
    """A site photo of a month: private unless ``is_public=True``."""

    class Meta:
        model = ProgressPhoto

    progress = factory.SubFactory(MonthlyProgressFactory)
    image = factory.SubFactory(ImageFactory)
    caption = ""
    is_public = False


class EventFactory(DjangoModelFactory):
    """A campaign event with ``projects=[...]`` (a parental many-to-many: saved with the event)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create and extracted:
            self.projects.set(extracted)
            self.save()


class GroundbreakingRoundFactory(EventFactory):
    class Meta:
        model = GroundbreakingRound

    title = factory.Sequence(lambda n: f"第{n}批集中开工")
    date = datetime.date(YEAR, 3, 1)


class ObservationMeetingFactory(EventFactory):
    class Meta:
        model = ObservationMeeting

    title = factory.Sequence(lambda n: f"现场观摩{n}")
    date = datetime.date(YEAR, 6, 1)
