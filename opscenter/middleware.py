"""Request hygiene for every page and API call: refuse NUL bytes; no browser or proxy stores a page."""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL_MESSAGE = "The request contains a NUL byte (\\x00), which no field or address may hold."


def _texts(fields):
    for key, values in fields.lists():
        yield key
        yield from values


def _holds_nul(request) -> bool:
    if "\x00" in request.path or any("\x00" in text for text in _texts(request.GET)):
        return True
    if request.method == "POST" and request.content_type in FORM_TYPES:
        # Only the form fields: an uploaded file is bytes and may hold anything.
        return any("\x00" in text for text in _texts(request.POST))
    return False


class RejectNulBytesMiddleware:
    """PostgreSQL cannot store or compare text holding a NUL byte: such a query raised and answered 500.

    Refused here once, before any view, with 400 and a message, instead of in every filter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponse(NUL_MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages, API answers and exports may quote classified items: no cache may keep a copy.

    Static assets are answered by WhiteNoise above this middleware and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
