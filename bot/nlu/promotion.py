"""Whether a newly trained model may replace the one serving buyers.

The rule: no evaluated set (a language's held-out set, or its real-buyer set
real-<lang>) may lose more than MAX_DROP_POINTS points of macro-F1 against the
current model's figures. A set the current model was measured on but the
candidate was not is a refusal too (nothing shows it did not get worse). Sets
new to the candidate, and the external English benchmark, are reported but
not gated. Reports are the JSON shape of evaluation.LanguageReport.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping

MAX_DROP_POINTS = 1.0
NOT_GATED = ("external-en",)

Reports = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Change:
    name: str
    before: float | None
    after: float | None

    @property
    def points(self) -> float | None:
        """The change in macro-F1 points (+1.0 = one point better); None without both figures."""
        if self.before is None or self.after is None:
            return None
        return round((self.after - self.before) * 100, 2)

    def to_json(self) -> Dict[str, Any]:
        return {"set": self.name, "before": self.before, "after": self.after, "points": self.points}


@dataclass(frozen=True)
class Verdict:
    promote: bool
    reason: str
    changes: List[Change]
    dropped: List[Change]

    def to_json(self) -> Dict[str, Any]:
        return {
            "promote": self.promote,
            "reason": self.reason,
            "changes": [c.to_json() for c in self.changes],
            "dropped": [c.to_json() for c in self.dropped],
        }


def _macro_f1(reports: Reports, name: str) -> float | None:
    found = reports.get(name)
    value = found.get("macro_f1") if found else None
    return float(value) if isinstance(value, (int, float)) else None


def judge(current: Reports, candidate: Reports, max_drop: float = MAX_DROP_POINTS) -> Verdict:
    """Promote unless a gated set's macro-F1 fell by more than max_drop points (or went unmeasured)."""
    names = sorted(set(current) | set(candidate), key=lambda n: (n.startswith("real-"), n))
    changes = [Change(n, _macro_f1(current, n), _macro_f1(candidate, n)) for n in names]
    gated = [c for c in changes if c.name not in NOT_GATED and c.before is not None]
    missing = [c for c in gated if c.after is None]
    dropped = [c for c in gated if c.points is not None and -c.points > max_drop]
    if missing or dropped:
        points = f"{max_drop:g} point{'s' if max_drop != 1 else ''}"
        parts = [f"{c.name} {c.before:.3f} -> {c.after:.3f} ({c.points:+g} points)" for c in dropped]
        reasons = [f"macro-F1 dropped by more than {points} on " + "; ".join(parts)] if parts else []
        if missing:
            reasons.append("not measured on the candidate: " + ", ".join(c.name for c in missing))
        return Verdict(False, "kept the current model: " + "; ".join(reasons), changes, dropped + missing)
    if not gated:
        return Verdict(True, "promoted: no figures of the current model to compare with", changes, [])
    # The worst and the best change, as the report shows them (two decimals): "largest
    # change en +0.0" read as nothing moved when real-th had gained 5.83 points.
    measured = sorted((c for c in gated if c.points is not None), key=lambda c: c.points or 0.0)
    points = f"{max_drop:g} point{'s' if max_drop != 1 else ''}"
    reason = f"promoted: no set dropped by more than {points} of macro-F1"
    if measured:
        worst, best = measured[0], measured[-1]
        reason += f" (worst change {worst.name} {worst.points:+.2f}, best {best.name} {best.points:+.2f})"
    return Verdict(True, reason, changes, [])
