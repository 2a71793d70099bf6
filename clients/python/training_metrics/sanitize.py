"""Non-finite numbers (a diverged loss gives NaN) are never sent: they are left out, and each is logged once."""

import logging
import math

logger = logging.getLogger("training_metrics")
_reported = set()


def finite(value):
    """True for an int or float that JSON and the API can carry (bool excluded)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _report(where):
    if where not in _reported:
        _reported.add(where)
        logger.warning("training_metrics: left out a non-finite value (%s); it is not sent", where)


def drop_non_finite(value, where="value"):
    """A copy of `value` without non-finite floats: dict entries and list items holding one are left out."""
    if isinstance(value, float) and not math.isfinite(value):
        _report(where)
        return None
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            clean = drop_non_finite(item, "%s.%s" % (where, key))
            if clean is not None or item is None:
                out[key] = clean
        return out
    if isinstance(value, (list, tuple)):
        out = []
        for index, item in enumerate(value):
            clean = drop_non_finite(item, "%s[%d]" % (where, index))
            if clean is not None or item is None:
                out.append(clean)
        return out
    return value
