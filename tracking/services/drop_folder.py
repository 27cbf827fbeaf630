"""The drop folders: files put there are imported by jobs, then filed as done or rejected.

Two folders, one mechanism: element-set files for the catalog, and observation files (by default
in `observations/` inside the catalog's folder). A file is claimed by renaming it into `queued/`
(atomic on one file system), so two scans never submit the same file twice. An import job names
its file by its bare name in `queued/`, never by a path: whatever a job says, the worker reads and
moves only a file that lies inside its drop folder.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from shifts.jobs.kinds import JobError
from shifts.jobs.services import job_submit_internal
from shifts.markings.models import Nation
from tracking.identification.models import ObservationBatch
from tracking.identification.services.importing import ObservationImportRejected, batch_import
from tracking.models import CatalogImport
from tracking.services.catalog import CatalogImportRejected, ImportFile, catalog_import

SUFFIXES = {".tle", ".txt", ".3le", ".xml", ".kvn", ".json", ".csv"}
OBSERVATION_SUFFIXES = {".txt", ".iod", ".uk", ".rde", ".tdm", ".kvn", ".xml", ".csv", ".json"}


def drop_dir() -> Path:
    return Path(settings.OPSCENTER["CATALOG_DROP_DIR"])


def observations_drop_dir() -> Path:
    return Path(settings.OPSCENTER["OBSERVATIONS_DROP_DIR"] or drop_dir() / "observations")


@dataclass(frozen=True)
class DropFolder:
    kind: str  # the job kind that imports one claimed file
    suffixes: set[str]
    root: Callable[[], Path]

    def scan(self) -> list[int]:
        """Submit an import job for every new file; returns the job ids."""
        root = self.root()
        for sub in ("queued", "done", "rejected"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        job_ids = []
        for path in sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in self.suffixes):
            path.rename(root / "queued" / path.name)
            job = job_submit_internal(kind=self.kind, params={"file": path.name}, via="drop folder")
            job_ids.append(job.pk)
        return job_ids

    def claimed(self, name: str) -> Path:
        """The claimed file `name` in queued/, refused unless it is a plain file name that stays there."""
        queued = (self.root() / "queued").resolve()
        path = queued / name
        if Path(name).name != name or name in {"", ".", ".."} or path.resolve().parent != queued:
            raise JobError(f"{name!r} is not the name of a file in the drop folder's queued/")
        return path

    def present(self, name: str) -> Path:
        path = self.claimed(name)
        if not path.is_file():
            raise JobError(f"{path} is gone: was it moved by hand?")
        return path

    def file_away(self, path: Path, outcome: str) -> Path:
        return path.rename(self.root() / outcome / path.name)


CATALOG = DropFolder("catalog_import", SUFFIXES, drop_dir)
OBSERVATIONS = DropFolder("observation_import", OBSERVATION_SUFFIXES, observations_drop_dir)


def drop_folder_scan() -> list[int]:
    """Submit an import job for every new file in both drop folders; returns the job ids."""
    return CATALOG.scan() + OBSERVATIONS.scan()


def claimed_file(name: str) -> Path:
    return CATALOG.claimed(name)


def drop_file_import(name: str) -> CatalogImport:
    """Import one claimed element-set file (strict); file it under done/ or rejected/ either way."""
    path = CATALOG.present(name)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        CATALOG.file_away(path, "rejected")
        raise JobError(f"{path.name}: not UTF-8 text (byte {exc.start}); nothing imported") from None
    try:
        report = catalog_import(upload=ImportFile(path.name, text), via="drop folder")
    except CatalogImportRejected as exc:
        CATALOG.file_away(path, "rejected")
        raise JobError(str(exc)) from None
    CATALOG.file_away(path, "done")
    return report


def _drop_marking() -> tuple[int, list[Nation]]:
    level = settings.OPSCENTER["CLASSIFICATION_LEVELS"].index(
        settings.OPSCENTER["OBSERVATIONS_DROP_CLASSIFICATION"]
    )
    codes = settings.OPSCENTER["OBSERVATIONS_DROP_REL_TO"]
    nations = list(Nation.objects.filter(code__in=codes) if codes else Nation.objects.all())
    unknown = sorted(set(codes) - {n.code for n in nations})
    if unknown:
        raise JobError(
            f"OBSERVATIONS_DROP_REL_TO names nations this floor does not know: {', '.join(unknown)}"
        )
    return level, nations


def observation_file_import(name: str) -> ObservationBatch:
    """Import one claimed observation file whole, marked as the settings say; file it under done/
    or rejected/ (with `<name>.errors.txt` beside it listing every problem)."""
    path = OBSERVATIONS.present(name)
    classification, nations = _drop_marking()
    try:
        batch = batch_import(
            content=path.read_bytes(),
            filename=path.name,
            via="drop",
            classification=classification,
            releasable_to=nations,
        )
    except ObservationImportRejected as exc:
        rejected = OBSERVATIONS.file_away(path, "rejected")
        rejected.with_name(f"{rejected.name}.errors.txt").write_text("".join(f"{e}\n" for e in exc.errors))
        raise JobError(str(exc)) from None
    OBSERVATIONS.file_away(path, "done")
    return batch
