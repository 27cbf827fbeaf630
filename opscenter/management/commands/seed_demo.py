"""Demo data for `make run`: the coalition, ~40 officers with logins, the watches, sensors, a catalog."""

import os
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from shifts.markings.models import Classification, Nation
from shifts.watch.models import LogCategory, Severity
from shifts.watch.services.lifecycle import chief_of, shift_sign_on
from shifts.watch.services.log import log_entry_create
from shifts.workforce.demo import seed_workforce
from shifts.workforce.models import Officer, Shift
from shifts.workforce.selectors import shift_on_watch
from shifts.workforce.services.calendar import shifts_ensure
from tracking.identification.services.sensors import sensors_load
from tracking.models import SpaceObject
from tracking.services.catalog import ImportFile, catalog_import

DEMO_DIR = Path(__file__).resolve().parents[3] / "tracking" / "fixtures" / "demo"

NATIONS = {"USA": "United States", "GBR": "United Kingdom", "AUS": "Australia", "CAN": "Canada"}
RANKS = {
    "USA": ("Maj", "Capt", "1st Lt", "TSgt", "SSgt", "Capt"),
    "GBR": ("Sqn Ldr", "Flt Lt", "Fg Off", "FS", "Sgt"),
    "AUS": ("SQNLDR", "FLTLT", "FLGOFF", "SGT"),
    "CAN": ("Maj", "Capt", "Lt", "Sgt"),
}
SERVICES = {"USA": "USSF", "GBR": "RAF", "AUS": "RAAF", "CAN": "RCAF"}
SURNAMES = {
    "USA": [
        "Reyes",
        "Walker",
        "Nguyen",
        "Patel",
        "Johnson",
        "Okafor",
        "Kim",
        "Garcia",
        "Brooks",
        "Hayes",
        "Foster",
        "Ramirez",
        "Coleman",
        "Price",
        "Bennett",
        "Sullivan",
    ],
    "GBR": ["Hughes", "Clarke", "Evans", "Wright", "Turner", "Hall", "Shaw", "Ellis", "Knight", "Moss"],
    "AUS": ["Mitchell", "Campbell", "Kelly", "Ryan", "Harris", "Morgan", "Lawson"],
    "CAN": ["Tremblay", "Gagnon", "Roy", "Leblanc", "MacDonald", "Fraser", "Bouchard"],
}
FIRST_NAMES = ["Alex", "Jordan", "Sam", "Casey", "Morgan", "Taylor", "Robin", "Jamie", "Dana", "Chris", "Lee"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent): nations, officers with logins, watches, sensors."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="password for every demo login (or DEMO_PASSWORD)")
        parser.add_argument("--days", type=int, default=28, help="days of watches to create from today")

    def handle(self, *args, password=None, days=28, **options):
        password = password or os.environ.get("DEMO_PASSWORD")
        if not password:
            raise CommandError("give the demo password with --password or DEMO_PASSWORD")
        with transaction.atomic():
            nations = {
                code: Nation.objects.update_or_create(code=code, defaults={"name": name})[0]
                for code, name in NATIONS.items()
            }
            officers = self._officers(nations, password)
            today = timezone.now().date()
            shifts = shifts_ensure(start=today - timedelta(days=1), days=days + 1)
            sensors = self._sensors()
            objects = self._catalog()
            workforce = seed_workforce(officers, today=today, days=days)
            on_watch = self._watch_on()
        self.stdout.write(
            f"demo data: {len(nations)} nations, {len(officers)} officers, {len(shifts)} watches, "
            f"{sensors} sensors, {objects} catalog objects; {workforce}; on watch: {on_watch or 'nobody'}"
        )

    def _officers(self, nations: dict, password: str) -> list[Officer]:
        officers = [self._officer("admin", "Site", "Admin", nations["USA"], "Col", password, superuser=True)]
        for code, surnames in SURNAMES.items():
            for index, surname in enumerate(surnames):
                officers.append(
                    self._officer(
                        f"{code.lower()}.{surname.lower()}",
                        FIRST_NAMES[index % len(FIRST_NAMES)],
                        surname,
                        nations[code],
                        RANKS[code][index % len(RANKS[code])],
                        password,
                    )
                )
        return officers

    def _officer(self, username, first, last, nation, rank, password, superuser=False) -> Officer:
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@opscenter.invalid",
                "is_staff": superuser,
                "is_superuser": superuser,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        # Coalition officers hold SECRET; the demo shows NOFORN items withheld from them.
        officer, _ = Officer.objects.update_or_create(
            user=user,
            defaults={
                "nation": nation,
                "rank": rank,
                "service": SERVICES[nation.code],
                "clearance": Classification.SECRET,
                "active": True,
            },
        )
        return officer

    def _watch_on(self):
        """Sign the current watch's CCO on, with two log entries, so the floor is live at once."""
        if shift_on_watch() is not None:
            return shift_on_watch()
        now = timezone.now()
        shift = Shift.objects.filter(starts_at__lte=now, ends_at__gt=now).first()
        chief = chief_of(shift) if shift else None
        if chief is None:
            return None
        shift_sign_on(shift=shift, officer=chief)
        log_entry_create(
            author=chief,
            category=LogCategory.COMMUNICATIONS,
            severity=Severity.ROUTINE,
            text="Watch assumed; all sensors reporting.",
        )
        # Only an American may write a NOFORN item: an author must be able to read what they write.
        american = Officer.objects.filter(assignments__shift=shift, nation__code="USA").first()
        if american is not None:
            log_entry_create(
                author=american,
                category=LogCategory.SENSOR_STATUS,
                severity=Severity.NOTABLE,
                text="Demo NOFORN item: coalition readers do not see this entry.",
                classification=Classification.SECRET,
                releasable_to=[Nation.objects.get(code="USA")],
            )
        return shift

    def _catalog(self) -> int:
        # A real subset (stations, weather, geo) shipped in the project; re-imports change nothing.
        for path in sorted(DEMO_DIR.glob("*.tle")):
            catalog_import(upload=ImportFile(path.name, path.read_text()), via="seed_demo")
        return SpaceObject.objects.count()

    def _sensors(self) -> int:
        return sensors_load(DEMO_DIR / "ssn_sites.csv")
