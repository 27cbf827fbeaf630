"""The API's answer to a refusal: the rule's code, a sentence and any roster breaches, as 403 or 409."""

from rest_framework.response import Response
from rest_framework.views import exception_handler

from shifts.refusals import Refusal


def api_exception_handler(exc, context):
    if isinstance(exc, Refusal):
        return Response(exc.as_dict(), status=exc.http_status)
    return exception_handler(exc, context)
