"""Demo protection data, made through the protection services acting as the demo users.

Hotline calls of the last month logged by the operator (most anonymous and left on their own,
some opened as cases, some added to existing cases); trafficking screenings at several places,
most below the threshold, some awaiting identification, some identified (one approved by the
supervisor and planned) and some not; ten domestic-violence cases with risk assessments
(low, medium, high), protective orders with and without violations (one expiring this week,
one revoked) and safety plans (one due for review in two days, one reviewed today). Dates are
relative to today so that the alerts show on the home pages; the case timeline is dated as
the records are.

Built once: when the Astana centre has calls or screenings, nothing is added; the alerts are
brought up to date on every run. Random choices use a fixed seed.
"""

from qamqor.demo.protection.build import Summary, build_protection

__all__ = ["Summary", "build_protection"]
