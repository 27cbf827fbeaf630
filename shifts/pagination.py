"""The API's pagination: `?limit=` and `?offset=` are checked, not trusted."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
# Past any table this application holds, and within the 64-bit OFFSET of SQLite and PostgreSQL.
MAX_OFFSET = 2**62


class CheckedLimitOffsetPagination(LimitOffsetPagination):
    """A limit above MAX_LIMIT is capped; a limit or offset that is not a whole number is a 400.

    DRF's own class hands an unbounded limit or offset to the database, whose integer overflow
    answered 500, and silently ignores a malformed limit.
    """

    max_limit = MAX_LIMIT

    def get_limit(self, request):
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        return min(_whole(self.limit_query_param, raw), self.max_limit) or self.default_limit

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        offset = 0 if raw is None else _whole(self.offset_query_param, raw)
        if offset > MAX_OFFSET:
            raise ValidationError({self.offset_query_param: [f"at most {MAX_OFFSET}"]})
        return offset


def _whole(name: str, raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()):
        raise ValidationError({name: ["a whole number, 0 or more"]})
    return int(raw)
