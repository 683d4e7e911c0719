"""`bonetrack note`: notes and questions for the visit, open until marked discussed."""

from __future__ import annotations

import json

import pytest

from bonetrack.store.engine import Database
from bonetrack.store.notes import list_notes
from tests.conftest import CliCall, Freeze


def test_a_question_is_listed_until_it_is_discussed(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-20 09:00")
    added = cli("note", "add", "Ask about my vitamin D level", "--for-visit")
    assert added.exit_code == 0, added.stderr
    assert added.stdout == (
        "Noted #1 2026-11-20 (for the visit) Ask about my vitamin D level.\n"
        "It is listed under 'Questions for my clinician' in `bonetrack summary` until you run "
        "`bonetrack note done 1`.\n"
    )
    assert (
        cli("note", "add", "New walking shoes").stdout == "Noted #2 2026-11-20 New walking shoes.\n"
    )
    assert cli("note", "list", "--for-visit").stdout == (
        "#1 2026-11-20 (for the visit) Ask about my vitamin D level\n"
    )
    frozen("2026-11-25 10:00")
    done = cli("note", "done", "1", "--on", "2026-11-24")
    assert done.stdout == (
        "Marked discussed on 2026-11-24: #1 2026-11-20 (for the visit) "
        "Ask about my vitamin D level\n"
    )
    assert cli("note", "list", "--for-visit").stdout == "No open questions for your visit.\n"
    listed = json.loads(cli("note", "list", "--json").stdout)
    assert [(n["id"], n["for_visit"], n["done_on"]) for n in listed] == [
        (1, True, "2026-11-24"),
        (2, False, None),
    ]
    # a summary of a period ending before the visit still lists it
    before = json.loads(cli("summary", "--to", "2026-11-23", "--json").stdout)
    assert [q["text"] for q in before["questions"]] == ["Ask about my vitamin D level"]
    after = json.loads(cli("summary", "--json").stdout)
    assert after["questions"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "  "), "the note is empty: write what you want to remember."),
        (
            ("add", "a\nb"),
            "the note cannot contain control characters such as a newline or escape.",
        ),
        (("done", "2"), "note 2 is not a question for your visit (add those with --for-visit)."),
        (("done", "9"), "no note with id 9; see `bonetrack note list`."),
        (
            ("done", "1", "--on", "2026-11-19"),
            "note 1 was written on 2026-11-20: it cannot be discussed before.",
        ),
        (("done", "1", "--on", "2026-11-21"), "--on 2026-11-21 is in the future."),
        (("delete", "9", "--yes"), "no note with id 9; see `bonetrack note list`."),
    ],
)
def test_refusals_change_nothing(
    cli: CliCall, frozen: Freeze, db: Database, args: tuple[str, ...], message: str
) -> None:
    frozen("2026-11-20 09:00")
    cli("note", "add", "Ask about my vitamin D level", "--for-visit")
    cli("note", "add", "New walking shoes")
    before = list_notes(db)
    result = cli("note", *args)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert list_notes(db) == before


def test_done_twice_and_delete(cli: CliCall, frozen: Freeze, db: Database) -> None:
    frozen("2026-11-20 09:00")
    cli("note", "add", "Ask about my vitamin D level", "--for-visit")
    assert cli("note", "done", "1").exit_code == 0
    again = cli("note", "done", "1")
    assert (again.exit_code, again.stderr) == (
        2,
        "Error: note 1 was already marked discussed on 2026-11-20.\n",
    )
    deleted = cli("note", "delete", "1", "--yes")
    assert deleted.stdout.endswith(
        "Deleted #1 2026-11-20 (discussed 2026-11-20) Ask about my vitamin D level.\n"
    )
    assert list_notes(db) == []
