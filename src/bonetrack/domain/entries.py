"""Intake entries (doses and exercise sessions) as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from bonetrack.clock import to_local, utc_offset_minutes
from bonetrack.domain.amounts import Amount, format_amount, format_number
from bonetrack.domain.kinds import Kind, entry_kind

if TYPE_CHECKING:
    from bonetrack.domain.when import OrderSource

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class NewEntry:
    """What `bonetrack log` or an import wants stored."""

    kind: str
    amount: float
    input_amount: float
    input_unit: str
    taken_at: datetime  # aware
    form: str | None = None
    exercise_type: str | None = None
    note: str | None = None
    source: str = "cli"
    medicine: str | None = None  # medicine doses: the medicine's key

    @property
    def local_date(self) -> date:
        return to_local(self.taken_at).date()

    @property
    def utc_offset_min(self) -> int:
        return utc_offset_minutes(to_local(self.taken_at))


def new_entry(
    kind: Kind,
    amount: Amount,
    taken_at: datetime,
    *,
    form: str | None = None,
    exercise_type: str | None = None,
    note: str | None = None,
    source: str = "cli",
) -> NewEntry:
    return NewEntry(
        kind=kind.name,
        amount=amount.value,
        input_amount=amount.input_amount,
        input_unit=amount.input_unit,
        taken_at=taken_at,
        form=form,
        exercise_type=exercise_type,
        note=note or None,
        source=source,
    )


@dataclass(frozen=True)
class Entry:
    """A stored entry."""

    id: int
    kind: str
    amount: float
    input_amount: float
    input_unit: str
    form: str | None
    exercise_type: str | None
    note: str | None
    taken_at: datetime  # aware, UTC
    utc_offset_min: int
    local_date: date
    created_at: datetime
    source: str
    medicine: str | None = None  # medicine doses: the medicine's key

    @property
    def kind_info(self) -> Kind:
        return entry_kind(self.kind)

    @property
    def detail(self) -> str | None:
        """The form, exercise type or medicine: 'MK-7', 'strength', 'Alendronate'."""
        if self.medicine is not None:
            from bonetrack.domain.medicines import medicine_label

            return medicine_label(self.medicine)
        return self.kind_info.form_label(self.form) or self.exercise_type

    @property
    def local_taken_at(self) -> datetime:
        """Wall-clock time where and when it was logged (the offset then, not now)."""
        return self.taken_at.astimezone(timezone(timedelta(minutes=self.utc_offset_min)))

    def describe(self) -> str:
        """'K2 (MK-7) 180 µg', 'Exercise (strength) 30 min', 'Alendronate 70 mg'."""
        kind = self.kind_info
        detail = self.detail
        if self.medicine is not None:
            label = str(detail)
        else:
            label = f"{kind.label} ({detail})" if detail else kind.label
        return f"{label} {format_amount(kind, self.amount)}"

    def as_json(self) -> dict[str, Any]:
        kind = self.kind_info
        return {
            "id": self.id,
            "kind": self.kind,
            "amount": self.amount,
            "unit": kind.unit,
            "input": f"{format_number(self.input_amount)} {self.input_unit}",
            "form": self.form,
            "type": self.exercise_type,
            "note": self.note,
            "taken_at": self.taken_at.isoformat(),
            "local_time": self.local_taken_at.isoformat(),
            "local_date": self.local_date.isoformat(),
            "created_at": self.created_at.isoformat(),
            "source": self.source,
            **({"medicine": self.medicine} if self.medicine is not None else {}),
        }


def build_entry(
    kind_name: str,
    amount_text: str,
    now: datetime,
    *,
    at: str | None = None,
    form: str | None = None,
    exercise_type: str | None = None,
    note: str | None = None,
    order: OrderSource | None = None,
    force: bool = False,
) -> NewEntry:
    """Validate what the user typed and turn it into an entry to store.

    `order` gives the date order of a slash date in `at` (see `when.parse_when`); an
    amount outside its kind's plausible range is refused unless `force`
    (domain/plausible.py).
    """
    from bonetrack.domain.amounts import parse_amount
    from bonetrack.domain.kinds import check_exercise_type, check_form
    from bonetrack.domain.text import clean_text
    from bonetrack.domain.when import parse_when

    kind = entry_kind(kind_name)
    amount = parse_amount(kind, amount_text)
    if not force:
        from bonetrack.domain.plausible import check_plausible

        check_plausible(kind, amount, amount_text)
    checked_form = check_form(kind, form)
    checked_type = check_exercise_type(kind, exercise_type)
    taken_at = parse_when(at, now, order) if at is not None else now
    cleaned = clean_text(note, "--note", NOTE_LIMIT)
    return new_entry(
        kind,
        amount,
        taken_at,
        form=checked_form,
        exercise_type=checked_type,
        note=cleaned,
    )
