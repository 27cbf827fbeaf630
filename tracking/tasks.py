from celery import shared_task

from tracking.services.drop_folder import drop_folder_scan


@shared_task(name="tracking.scan_drop_folder")
def scan_drop_folder() -> list[int]:
    return drop_folder_scan()
