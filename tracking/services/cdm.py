"""A conjunction as a CCSDS Conjunction Data Message (508.0), KVN form."""

from django.utils import timezone

from shifts.markings.banners import banner
from tracking.astro.screening import rtn_components
from tracking.models import Conjunction
from tracking.services.geometry import states_at_tca


def _ts(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


def conjunction_cdm(conjunction: Conjunction, *, originator: str = "OPSCENTER") -> str:
    first, second = states_at_tca(conjunction)
    dr_rtn = rtn_components(first.r_teme_km, first.v_teme_km_s, second.r_teme_km)
    dv = second.v_teme_km_s - first.v_teme_km_s
    dv_rtn = rtn_components(first.r_teme_km, first.v_teme_km_s, first.r_teme_km + dv)
    marking = banner(conjunction.classification, [n.code for n in conjunction.releasable_to.all()])
    lines = [
        "CCSDS_CDM_VERS = 1.0",
        f"COMMENT {marking}",
        f"CREATION_DATE = {_ts(timezone.now())}",
        f"ORIGINATOR = {originator}",
        f"MESSAGE_ID = OPSCENTER-{conjunction.job_id}-{conjunction.pk}",
        f"TCA = {_ts(conjunction.tca)}",
        f"MISS_DISTANCE = {conjunction.miss_km * 1000:.3f} [m]",
        f"RELATIVE_SPEED = {conjunction.relative_speed_km_s * 1000:.3f} [m/s]",
        *(
            f"RELATIVE_POSITION_{axis} = {value * 1000:.3f} [m]"
            for axis, value in zip("RTN", dr_rtn, strict=True)
        ),
        *(
            f"RELATIVE_VELOCITY_{axis} = {value * 1000:.3f} [m/s]"
            for axis, value in zip("RTN", dv_rtn, strict=True)
        ),
        "SCREEN_VOLUME_FRAME = RTN",
        "SCREEN_VOLUME_SHAPE = SPHERE",
        f"SCREEN_VOLUME_X = {conjunction.job.params.get('threshold_km', 5) * 1000:.0f} [m]",
        "COMMENT Positions from SGP4 general-perturbation element sets, which carry no covariance:",
        "COMMENT the covariance block is omitted.",
    ]
    for label, obj, element_set, state, age in (
        ("OBJECT1", conjunction.primary, conjunction.primary_element_set, first, conjunction.element_ages[0]),
        (
            "OBJECT2",
            conjunction.secondary,
            conjunction.secondary_element_set,
            second,
            conjunction.element_ages[1],
        ),
    ):
        lines += [
            f"COMMENT Element set of {_ts(element_set.epoch)}: {age} at TCA",
            f"OBJECT = {label}",
            f"OBJECT_DESIGNATOR = {obj.norad_id}",
            "CATALOG_NAME = SATCAT",
            f"OBJECT_NAME = {obj.name or 'UNKNOWN'}",
            f"INTERNATIONAL_DESIGNATOR = {obj.international_designator or 'UNKNOWN'}",
            f"EPHEMERIS_NAME = SGP4 element set of {_ts(element_set.epoch)}",
            "COVARIANCE_METHOD = DEFAULT",
            "MANEUVERABLE = N/A",
            "REF_FRAME = ITRF",
            *(f"{axis} = {value:.6f} [km]" for axis, value in zip("XYZ", state.r_itrf_km, strict=True)),
            *(
                f"{axis}_DOT = {value:.9f} [km/s]"
                for axis, value in zip("XYZ", state.v_itrf_km_s, strict=True)
            ),
        ]
    return "\n".join(lines) + "\n"
