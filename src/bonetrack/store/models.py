"""Typed ORM classes over the Core tables in `schema.py`.

Used where one object is fetched, changed and saved (edit, delete). Queries
that aggregate, and the `bonetrack log` hot path, use Core on the same tables
so they need not import `sqlalchemy.orm`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import DeclarativeBase, Mapped

from bonetrack.store import schema


class Base(DeclarativeBase):
    metadata = schema.metadata


class Intake(Base):
    __table__ = schema.intakes

    id: Mapped[int]
    uid: Mapped[str]
    kind: Mapped[str]
    amount: Mapped[float]
    input_amount: Mapped[float]
    input_unit: Mapped[str]
    form: Mapped[str | None]
    exercise_type: Mapped[str | None]
    note: Mapped[str | None]
    taken_at: Mapped[datetime]
    utc_offset_min: Mapped[int]
    local_date: Mapped[date]
    created_at: Mapped[datetime]
    source: Mapped[str]
    medicine: Mapped[str | None]


class Plan(Base):
    __table__ = schema.plans

    id: Mapped[int]
    uid: Mapped[str]
    kind: Mapped[str]
    exercise_type: Mapped[str | None]
    amount: Mapped[float | None]
    per: Mapped[str]
    times: Mapped[int | None]
    form: Mapped[str | None]
    valid_from: Mapped[date]
    active: Mapped[bool]
    created_at: Mapped[datetime]


class Scan(Base):
    __table__ = schema.scans

    id: Mapped[int]
    uid: Mapped[str]
    scan_date: Mapped[date]
    site: Mapped[str]
    bmd: Mapped[float | None]
    t_score: Mapped[float | None]
    z_score: Mapped[float | None]
    machine: Mapped[str | None]
    facility: Mapped[str | None]
    note: Mapped[str | None]
    created_at: Mapped[datetime]


class Event(Base):
    __table__ = schema.events

    id: Mapped[int]
    uid: Mapped[str]
    kind: Mapped[str]
    occurred_at: Mapped[datetime]
    utc_offset_min: Mapped[int]
    local_date: Mapped[date]
    site: Mapped[str | None]
    severity: Mapped[int | None]
    note: Mapped[str | None]
    created_at: Mapped[datetime]
    source: Mapped[str]
    fragility: Mapped[str | None]


class Height(Base):
    __table__ = schema.heights

    id: Mapped[int]
    uid: Mapped[str]
    measured_on: Mapped[date]
    height_cm: Mapped[float]
    note: Mapped[str | None]
    created_at: Mapped[datetime]
    source: Mapped[str]


class AnticoagulantChange(Base):
    __table__ = schema.anticoagulant_history

    id: Mapped[int]
    uid: Mapped[str]
    status: Mapped[str | None]
    drug: Mapped[str | None]
    valid_from: Mapped[date]
    created_at: Mapped[datetime]


class Note(Base):
    __table__ = schema.notes

    id: Mapped[int]
    uid: Mapped[str]
    text: Mapped[str]
    for_visit: Mapped[bool]
    written_on: Mapped[date]
    done_on: Mapped[date | None]
    created_at: Mapped[datetime]
    source: Mapped[str]


class Setting(Base):
    __table__ = schema.settings

    key: Mapped[str]
    value: Mapped[str]
    updated_at: Mapped[datetime]
