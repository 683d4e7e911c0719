"""What one entry of each kind plausibly holds, to catch a unit slip before it is stored.

`log calcium 180mcg` is 0.18 mg: almost certainly 180 mg typed with the wrong unit.
An amount outside its kind's range is refused with what the same number in the
kind's other units would be, where that is plausible ("did you mean 180mg?"), and
`--force` stores it anyway (a prescribed dose can be unusual). Amounts beyond a
kind's hard limit (kinds.py: `max_amount`) are refused even with --force.

The ranges, per entry, in the kind's canonical unit (fact sheet sections 1-4):
- K2: 10 µg (the smallest MK-7 dose studied, 10-20 µg a day on vitamin K antagonists,
  Theuwissen 2013) to 45 mg (MK-4's daily dose, 45 mg a day).
- Calcium (elemental): 10 mg to 3,000 mg. The top is the highest upper limit (IOM
  2011, ages 9-18) for a whole day; the bottom is bonetrack's own bound: no tablet
  or portion of food holds less, and 0.5 mg is 500 mg typed in µg.
- Vitamin D: 100 IU to 50,000 IU. The top is the largest common prescribed dose
  (50,000 IU, weekly or monthly); the bottom is bonetrack's own bound, a quarter of
  the smallest RDA (600 IU, IOM 2011): 25 IU is 25 µg (1,000 IU) typed in IU.
- Exercise has no range: any number of minutes up to 24 hours can be true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bonetrack.domain.amounts import Amount, format_amount, format_number
from bonetrack.domain.kinds import Kind
from bonetrack.errors import InputError


@dataclass(frozen=True)
class Plausible:
    low: float  # canonical unit, inclusive
    high: float
    basis: str


PLAUSIBLE: dict[str, Plausible] = {
    "k2": Plausible(10.0, 45_000.0, "MK-7 from 10 µg a day to MK-4's 45 mg a day"),
    "calcium": Plausible(10.0, 3_000.0, "10 mg to the highest daily upper limit, 3,000 mg"),
    "vitamin-d": Plausible(100.0, 50_000.0, "100 IU to a prescribed 50,000 IU"),
}


def plausible_range(kind: Kind) -> Plausible | None:
    return PLAUSIBLE.get(kind.name)


def _unit_spellings(kind: Kind) -> dict[float, str]:
    """One spelling per unit factor, as the kinds registry lists them first ('mcg', 'IU')."""
    spellings: dict[float, str] = {}
    for spelling, factor in kind.units.items():
        spellings.setdefault(factor, "IU" if spelling == "iu" else spelling)
    return spellings


def did_you_mean(kind: Kind, number: float, typed_unit: str) -> list[str]:
    """The same number in the kind's other units, where that is plausible: ['180mg']."""
    span = plausible_range(kind)
    if span is None:
        return []
    typed = kind.units.get(typed_unit.lower(), 1.0)
    found: list[tuple[float, str]] = []
    for factor, spelling in _unit_spellings(kind).items():
        value = number * factor
        if factor != typed and span.low <= value <= span.high:
            text = f"{format_number(number)}{spelling}"
            shown = format_amount(kind, value)
            if not shown.startswith(f"{format_number(number)} "):  # 180mcg (7200 IU)
                text += f" ({shown})"
            # the likeliest slip first: the unit nearest the one typed (mg for µg)
            found.append((abs(math.log(factor / typed)), text))
    return [text for _, text in sorted(found)]


def hint(kind: Kind, number: float, typed_unit: str) -> str:
    """' Did you mean 180mg?' or ''."""
    options = did_you_mean(kind, number, typed_unit)
    return f" Did you mean {' or '.join(options)}?" if options else ""


def check_plausible(kind: Kind, amount: Amount, text: str) -> None:
    """Refuse an amount outside its kind's plausible range (see the module's docstring)."""
    span = plausible_range(kind)
    if span is None or span.low <= amount.value <= span.high:
        return
    shown = format_amount(kind, amount.value)
    where = "below" if amount.value < span.low else "above"
    raise InputError(
        f"{text.strip()} of {kind.name} is {shown}, {where} what one entry plausibly holds "
        f"({format_amount(kind, span.low)} to {format_amount(kind, span.high)})."
        f"{hint(kind, amount.input_amount, amount.input_unit)} If {shown} is right, add --force."
    )
