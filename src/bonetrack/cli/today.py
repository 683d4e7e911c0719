"""`bonetrack today`: today's checklist of planned items."""

from __future__ import annotations

import typer

from bonetrack.cli.options import AsJson

app = typer.Typer()


@app.command("today")
def today(
    as_json: AsJson = False,
) -> None:
    """Today's checklist: each planned item, done or not, and what remains."""
    from datetime import timedelta

    from bonetrack import clock
    from bonetrack.cli import output, state
    from bonetrack.domain.adherence import iso_monday
    from bonetrack.domain.guidance import k2_vka_caution
    from bonetrack.domain.plans import group_items
    from bonetrack.domain.today import checklist
    from bonetrack.render.intake import day_text, today_intake_json
    from bonetrack.render.today import today_json, today_text
    from bonetrack.store.food import has_food_data
    from bonetrack.store.intake import intake_on
    from bonetrack.store.pauses import list_pauses
    from bonetrack.store.plans import list_plan_versions
    from bonetrack.store.profile import load_profile
    from bonetrack.store.reports import daily_totals

    day = clock.today()
    db = state.database()
    items = group_items(list_plan_versions(db))
    kinds = sorted({kind for kind, _ in items})
    totals = daily_totals(db, kinds, iso_monday(day), day) if kinds else {}
    # K2 is no target to reach on a vitamin K antagonist: shown with the caution instead.
    profile = load_profile(db, day)
    caution = k2_vka_caution(profile, day, day)
    monday = iso_monday(day)
    pauses = list_pauses(db, monday, monday + timedelta(days=6)) if items else []
    rows = checklist(items, totals, day, {("k2", None): caution} if caution else None, pauses)
    # Medicines due today (or overdue), a late denosumab dose as a prominent notice.
    from bonetrack.store.medicine_status import medicine_status

    medicines = medicine_status(db, day)
    # Calcium and vitamin D from supplements and food, side by side.
    with db.connect() as conn:
        intake, any_food = intake_on(conn, day), has_food_data(conn)
    refs = profile.references(day)
    if as_json:
        output.print_json(
            {
                **today_json(day, rows),
                **medicines.to_json(),
                "intake": today_intake_json(intake, refs),
            }
        )
        return
    from bonetrack.render.medicines import notices_text, today_medicines_text

    terminal = output.stdout_terminal()
    parts = [notices_text(medicines.notices, terminal)]
    if rows or not medicines.due:
        parts.append(today_text(day, rows, terminal))
    parts.append(today_medicines_text(medicines, terminal))
    if any_food:  # once food is imported; before, nothing here would be known
        parts.append("\n".join(day_text(n, taken, refs) for n, taken in intake.items()))
    output.line("\n\n".join(part for part in parts if part))
