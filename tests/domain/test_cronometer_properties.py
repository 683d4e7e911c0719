"""Properties of the Cronometer reader, on generated files (hypothesis)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bonetrack.domain.cronometer import read_cronometer
from bonetrack.errors import InputError

TODAY = date(2026, 4, 2)
COLUMNS = ("Day", "Time", "Group", "Food Name", "Amount", "Calcium (mg)", "Vitamin K (µg)")

amounts = st.one_of(
    st.none(), st.decimals(min_value=0, max_value=2000, places=2).map(lambda d: float(d))
)
rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=30),  # days before today
        st.sampled_from(["8:05 AM", "", "13:05", "12:00 PM"]),
        st.sampled_from(["Breakfast", "Lunch", "Snacks", "Uncategorized"]),
        st.text(min_size=1, max_size=20),
        amounts,
        amounts,
    ),
    max_size=25,
)


def lines(text: str) -> io.StringIO:
    """Lines as the import reads a file: split at line ends only (not at a form feed)."""
    return io.StringIO(text, newline="")


def write(header: list[str], data: list[dict[str, str]]) -> io.StringIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(data)
    return lines(out.getvalue())


def cell(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@settings(max_examples=150, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_sums_do_not_depend_on_column_order_and_empty_cells_are_not_zero(
    generated: list[tuple[int, str, str, str, float | None, float | None]], rng: object
) -> None:
    data = [
        {
            "Day": str(TODAY - timedelta(days=back)),
            "Time": clock,
            "Group": group,
            "Food Name": name,
            "Amount": "1.00 serving",
            "Calcium (mg)": cell(calcium),
            "Vitamin K (µg)": cell(vitamin_k),
        }
        for back, clock, group, name, calcium, vitamin_k in generated
    ]
    header = list(COLUMNS)
    shuffled = header[:]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    results = [
        {
            (r.day, r.nutrient): r.amount
            for r in read_cronometer(
                [("s.csv", write(h, data))], TODAY, supplements_as_doses=False
            ).food
        }
        for h in (header, shuffled)
    ]
    assert results[0] == results[1]
    expected: dict[tuple[date, str], float] = {}
    for back, _, _, _, calcium, vitamin_k in generated:
        day = TODAY - timedelta(days=back)
        for nutrient, value in (("calcium", calcium), ("vitamin-k", vitamin_k)):
            if value is not None:
                expected[(day, nutrient)] = expected.get((day, nutrient), 0.0) + round(value, 2)
    assert results[0].keys() == expected.keys()
    for key, value in expected.items():
        assert abs(results[0][key] - value) < 1e-6


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_or_refused_with_a_message(text: str) -> None:
    message = None
    try:
        read_cronometer([("x.csv", lines(text))], TODAY, supplements_as_doses=True)
    except InputError as exc:
        message = exc.message
    assert message is None or message.startswith("x.csv")
