import pytest
from rest_framework import serializers

from shifts.jobs import kinds as jobkinds
from tracking.identification.services.importing import CORRELATION_KIND


class _BatchParams(serializers.Serializer):
    batch = serializers.IntegerField()


@pytest.fixture(autouse=True)
def correlation_kind(monkeypatch):
    """The correlation job's kind, for tests run before the correlation engine registers its own."""
    if CORRELATION_KIND not in {kind.name for kind in jobkinds.all_kinds()}:
        kind = jobkinds.JobKind(
            name=CORRELATION_KIND,
            title="Correlation",
            params=_BatchParams,
            run=lambda ctx: None,
            store=lambda job, outputs: {},
        )
        monkeypatch.setitem(jobkinds._KINDS, CORRELATION_KIND, kind)
