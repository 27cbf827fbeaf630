"""Factories with deterministic values: personas for authorization tests and the watch's objects."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from shifts.markings.models import Classification, Nation
from shifts.workforce.models import Officer, Shift, ShiftStatus, Watch

NATION_NAMES = {"USA": "United States", "GBR": "United Kingdom", "AUS": "Australia", "CAN": "Canada"}
PASSWORD = "correct-horse-battery"


def nation(code: str) -> Nation:
    return Nation.objects.get_or_create(code=code, defaults={"name": NATION_NAMES.get(code, code)})[0]


def coalition() -> list[Nation]:
    return [nation(code) for code in NATION_NAMES]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory)
    nation = factory.LazyFunction(lambda: nation("USA"))
    rank = "Capt"
    clearance = Classification.SECRET


def persona(username: str, nation_code: str, clearance: int = Classification.SECRET, **kwargs) -> Officer:
    user = UserFactory(username=username, **kwargs)
    return OfficerFactory(user=user, nation=nation(nation_code), clearance=clearance)


def shift_at(start, hours: int = 8, watch: str = Watch.DAY) -> Shift:
    return Shift.objects.create(watch=watch, starts_at=start, ends_at=start + timedelta(hours=hours))


def shift_on_watch_now(**kwargs) -> Shift:
    """A shift that started an hour ago and whose CCO has signed on."""
    now = timezone.now().replace(microsecond=0)
    shift = shift_at(now - timedelta(hours=1), **kwargs)
    Shift.objects.filter(pk=shift.pk).update(status=ShiftStatus.ON_WATCH)
    shift.refresh_from_db()
    return shift
