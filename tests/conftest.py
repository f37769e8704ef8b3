"""Test-suite settings shared by every test module.

Hypothesis: no per-example deadline and no "too slow" health check (the suite runs on shared,
loaded machines; speed is measured by ``make bench``, never by tests). With
``HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run``) examples are derandomized, so a CI run is
reproducible; locally they stay random, so new cases keep being explored.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
