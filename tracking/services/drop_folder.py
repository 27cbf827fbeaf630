"""The catalog drop folder: files put there are imported by jobs, then filed as done or rejected.

A file is claimed by renaming it into `queued/` (atomic on one file system), so two
scans never submit the same file twice. An import job names its file by its bare name in
`queued/`, never by a path: whatever a job says, the worker reads and moves only a file
that lies inside the drop folder.
"""

from pathlib import Path

from django.conf import settings

from shifts.jobs.kinds import JobError
from shifts.jobs.services import job_submit_internal
from tracking.models import CatalogImport
from tracking.services.catalog import CatalogImportRejected, ImportFile, catalog_import

SUFFIXES = {".tle", ".txt", ".3le", ".xml", ".kvn", ".json", ".csv"}


def drop_dir() -> Path:
    return Path(settings.OPSCENTER["CATALOG_DROP_DIR"])


def drop_folder_scan() -> list[int]:
    """Submit an import job for every new file in the drop folder; returns the job ids."""
    root = drop_dir()
    for sub in ("queued", "done", "rejected"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    job_ids = []
    for path in sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
        path.rename(root / "queued" / path.name)
        job = job_submit_internal(kind="catalog_import", params={"file": path.name}, via="drop folder")
        job_ids.append(job.pk)
    return job_ids


def claimed_file(name: str) -> Path:
    """The claimed file `name` in queued/, refused unless it is a plain file name that stays there."""
    queued = (drop_dir() / "queued").resolve()
    path = queued / name
    if Path(name).name != name or name in {"", ".", ".."} or path.resolve().parent != queued:
        raise JobError(f"{name!r} is not the name of a file in the drop folder's queued/")
    return path


def drop_file_import(name: str) -> CatalogImport:
    """Import one claimed file (strict); file it under done/ or rejected/ either way."""
    path = claimed_file(name)
    if not path.is_file():
        raise JobError(f"{path} is gone: was it moved by hand?")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        path.rename(drop_dir() / "rejected" / path.name)
        raise JobError(f"{path.name}: not UTF-8 text (byte {exc.start}); nothing imported") from None
    try:
        report = catalog_import(upload=ImportFile(path.name, text), via="drop folder")
    except CatalogImportRejected as exc:
        path.rename(drop_dir() / "rejected" / path.name)
        raise JobError(str(exc)) from None
    path.rename(drop_dir() / "done" / path.name)
    return report
