"""The demo's site photos (a few generated pictures, shown on the latest months) and the four
actions' events (two groundbreaking rounds and an observation meeting a year); see ``demo``."""

import datetime
import io
import random

from registers.models import (
    ActionLevel,
    GroundbreakingRound,
    MonthlyProgress,
    ObservationMeeting,
    ProgressPhoto,
    Project,
    Stage,
)

EVENT_NOTE = "演示数据（demo_data 生成）"
PHOTO_TITLE = "DEMO 现场照片"


def _demo_images() -> list:
    """A few generated site pictures (Wagtail images), made once."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    from PIL import Image as PILImage
    from PIL import ImageDraw

    image_model = get_image_model()
    existing = list(image_model.objects.filter(title__startswith=PHOTO_TITLE).order_by("title"))
    if existing:
        return existing
    palette = [("#9cc3e6", "#8d6e4c", "#c9c9c9"), ("#b7d4ea", "#7a8f4e", "#d9a441"), ("#a9c8e0", "#6b5a45", "#e06c3c"),
               ("#c4dbee", "#5f7f3a", "#b0b0b0"), ("#9fbfd9", "#8a7355", "#3c78b4"), ("#bcd5e8", "#6e6e6e", "#d94f3a")]
    images = []
    for number, (sky, ground, frame) in enumerate(palette, start=1):
        picture = PILImage.new("RGB", (800, 500), sky)
        draw = ImageDraw.Draw(picture)
        draw.rectangle((0, 330, 800, 500), fill=ground)
        left = 120 + number * 40
        floors = 2 + number
        for floor in range(floors):
            top = 330 - (floor + 1) * 42
            draw.rectangle((left, top, left + 300, top + 40), outline=frame, width=6)
        draw.line((left + 380, 330, left + 380, 60), fill="#f2c12e", width=10)  # a tower crane
        draw.line((left + 250, 70, left + 560, 70), fill="#f2c12e", width=8)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        image = image_model(title=f"{PHOTO_TITLE} {number}")
        image.file = ImageFile(buffer, name=f"demo-site-{number}.jpg")
        image.save()
        images.append(image)
    return images


def photos_of_months(progress, period, seed: int) -> list[ProgressPhoto]:
    """Site photos on every third project's latest month up to the period, most first ones public."""
    images = _demo_images()
    rng = random.Random(f"{seed}:photos")  # noqa: S311
    latest: dict[int, MonthlyProgress] = {}
    for row in progress:
        if (row.year, row.month) <= period:
            latest[row.project_id] = row
    photos = []
    for number, row in enumerate(latest.values()):
        if number % 3:
            continue
        for order in range(rng.randint(1, 2)):
            photos.append(ProgressPhoto(progress=row, image=rng.choice(images), sort_order=order,
                                        caption=row.image_progress, is_public=order == 0 and rng.random() < 0.75))
    ProgressPhoto.objects.bulk_create(photos, batch_size=1000)
    return photos


def events_of_year(year: int, month: int, projects: list[Project], rng) -> dict[str, int]:
    """Two groundbreaking rounds and an observation meeting in ``year``, when missing."""
    created = {"rounds": 0, "meetings": 0}
    starting = [p for p in projects if p.start_year == year and p.stage == Stage.CONSTRUCTION]
    building = [p for p in projects if p.stage in (Stage.CONSTRUCTION, Stage.COMPLETED, Stage.IN_USE)]
    rounds = [
        (f"{year}年第一批重大项目集中开工活动", datetime.date(year, 3, 18), False, "上犹工业园城东片区"),
        (f"{year}年第二批重大项目集中开竣工活动", datetime.date(year, 9, 16), False, "东山镇"),
    ]
    for title, date, completion, place in rounds:
        if GroundbreakingRound.objects.filter(title=title, date=date).exists():
            continue
        event = GroundbreakingRound(title=title, date=date, level=ActionLevel.COUNTY, is_completion=completion,
                                    location=place, notes=EVENT_NOTE)
        event.projects = rng.sample(starting, min(len(starting), rng.randint(8, 15))) if starting else []
        event.save()
        created["rounds"] += 1
    title, date = f"{year}年上半年重大项目现场观摩会", datetime.date(year, 6, 26)
    if not ObservationMeeting.objects.filter(title=title, date=date).exists():
        meeting = ObservationMeeting(
            title=title, date=date, level=ActionLevel.COUNTY,
            comments=f"{EVENT_NOTE}。观摩项目整体推进有力，工业项目建设进度较快；部分项目征地拆迁、要素保障仍需加力。",
        )
        meeting.projects = rng.sample(building, min(len(building), 8)) if building else []
        meeting.save()
        created["meetings"] += 1
    return created
