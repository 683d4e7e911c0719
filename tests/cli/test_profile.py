"""`bonetrack profile set|show` as a user types them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bonetrack.domain.profile import AnticoagulantChange
from bonetrack.store.engine import Database
from bonetrack.store.profile import load_anticoagulant_history
from bonetrack.store.settings import settings_with_prefix
from tests.conftest import CliCall, Freeze


@pytest.fixture(autouse=True)
def _clock(frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")


EMPTY_SHOW = """\
Profile
  Birth year      not set
  Sex             not set
  Anticoagulant   not set
  Menopause year  not set

Daily reference values
  Calcium         1,200 mg (upper limit 2,000 mg)
  Vitamin D       600 IU (upper limit 4,000 IU)
  Vitamin K       90 µg adequate intake (no upper limit set)
  Basis: values for women aged 51–70 (IOM 2011); no birth year or sex in your profile,
    so the values for women over 50 are used: set it with `bonetrack profile set`.
"""


def test_show_without_profile_says_what_is_assumed(cli: CliCall) -> None:
    result = cli("profile", "show")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == EMPTY_SHOW


def test_set_with_a_drug_name_maps_it_and_shows_the_values(cli: CliCall, db: Database) -> None:
    result = cli(
        "profile", "set", "--birth-year", "1960", "--sex", "female",
        "--anticoagulant", "Coumadin", "--menopause-year", "2012",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Warfarin is a vitamin K antagonist: anticoagulant set to vka.\n"
        "Profile saved.\n"
        "\n"
        "Profile\n"
        "  Birth year      1960 (age 66 in 2026)\n"
        "  Sex             female\n"
        "  Anticoagulant   vka (vitamin K antagonist: warfarin) since 2026-11-22\n"
        "  Menopause year  2012\n"
        "\n"
        "Daily reference values\n"
        "  Calcium         1,200 mg (upper limit 2,000 mg)\n"
        "  Vitamin D       600 IU (upper limit 4,000 IU)\n"
        "  Vitamin K       90 µg adequate intake (no upper limit set)\n"
        "  Basis: values for women aged 51–70 (IOM 2011).\n"
        "\n"
        "bonetrack warns every time K2 is logged or planned, and `today` and `report` do not\n"
        "press a K2 target on days you take a vitamin K antagonist: agree any vitamin K2 with\n"
        "your prescriber (see `bonetrack guide anticoagulants`).\n"
    )
    assert settings_with_prefix(db, "profile.") == {
        "profile.birth_year": "1960",
        "profile.sex": "female",
        "profile.menopause_year": "2012",
    }
    assert load_anticoagulant_history(db) == (
        AnticoagulantChange("vka", "warfarin", date(2026, 11, 22)),
    )


def test_set_keeps_fields_not_given(cli: CliCall, db: Database) -> None:
    assert cli("profile", "set", "--birth-year", "1950", "--sex", "m").exit_code == 0
    assert cli("profile", "set", "--anticoagulant", "eliquis").exit_code == 0
    assert settings_with_prefix(db, "profile.") == {
        "profile.birth_year": "1950",
        "profile.sex": "male",
    }
    shown = json.loads(cli("profile", "show", "--json").stdout)
    assert shown == {
        "name": None,
        "birth_year": 1950,
        "sex": "male",
        "anticoagulant": "doac",
        "anticoagulant_history": [{"status": "doac", "drug": "apixaban", "from": "2026-11-22"}],
        "menopause_year": None,
        "references": {
            "calcium_rda_mg": 1200,
            "calcium_ul_mg": 2000,
            "vitamin_d_rda_iu": 800,
            "vitamin_d_ul_iu": 4000,
            "vitamin_k_ai_mcg": 120,
            "vitamin_k_ul_mcg": None,
            "age_group": "71+",
            "sex": "male",
            "assumed": False,
            "basis": "values for men aged 71+ (IOM 2011)",
            "source": "IOM 2011",
        },
    }
    text = cli("profile", "show").stdout
    assert "Menopause year" not in text
    assert "  Anticoagulant   doac (direct oral anticoagulant: apixaban) since 2026-11-22\n" in text


@pytest.mark.parametrize(
    ("birth_year", "group", "calcium", "vitamin_d"),
    [
        ("1976", "19–50", "1,000 mg (upper limit 2,500 mg)", "600 IU"),
        ("1975", "51–70", "1,200 mg (upper limit 2,000 mg)", "600 IU"),
        ("1956", "51–70", "1,200 mg (upper limit 2,000 mg)", "600 IU"),
        ("1955", "71+", "1,200 mg (upper limit 2,000 mg)", "800 IU"),
    ],
)
def test_show_at_the_age_boundaries(
    cli: CliCall, birth_year: str, group: str, calcium: str, vitamin_d: str
) -> None:
    # In 2026: born 1976 is 50, 1975 is 51, 1956 is 70, 1955 is 71.
    assert cli("profile", "set", "--birth-year", birth_year, "--sex", "female").exit_code == 0
    text = cli("profile", "show").stdout
    assert f"  Calcium         {calcium}\n" in text
    assert f"  Vitamin D       {vitamin_d} (upper limit 4,000 IU)\n" in text
    assert f"  Basis: values for women aged {group} (IOM 2011).\n" in text


def test_the_json_basis_changes_on_new_year(cli: CliCall, frozen: Freeze) -> None:
    assert cli("profile", "set", "--birth-year", "1976", "--sex", "male").exit_code == 0
    refs = json.loads(cli("profile", "show", "--json").stdout)["references"]
    assert (refs["age_group"], refs["calcium_ul_mg"]) == ("19–50", 2500)
    frozen("2027-01-01 00:01")
    refs = json.loads(cli("profile", "show", "--json").stdout)["references"]
    assert (refs["age_group"], refs["calcium_rda_mg"], refs["calcium_ul_mg"]) == (
        "51–70",
        1000,
        2000,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (),
            "nothing to set: give --birth-year, --sex, --anticoagulant, --menopause-year or "
            "--name.",
        ),
        (("--birth-year", "2030"), "birth year 2030 is in the future."),
        (
            ("--birth-year", "2010"),
            "birth year 2010 is too recent: bonetrack's reference values are for adults, "
            "born in 2007 or earlier.",
        ),
        (("--sex", "x"), "unknown sex 'x': use female or male."),
        (
            ("--anticoagulant", "aspirin"),
            "unknown anticoagulant 'aspirin': use none, vka (warfarin, acenocoumarol, "
            "phenprocoumon) or doac (apixaban, rivaroxaban, edoxaban, dabigatran), or one of "
            "those drug names.",
        ),
        (
            ("--birth-year", "1960", "--menopause-year", "1959"),
            "menopause year 1959 must be after the birth year 1960.",
        ),
        (("--menopause-year", "2027"), "menopause year 2027 is in the future."),
        (
            ("--sex", "male", "--menopause-year", "2010"),
            "a menopause year is only for --sex female.",
        ),
    ],
)
def test_bad_values_write_nothing(
    cli: CliCall, db: Database, args: tuple[str, ...], message: str
) -> None:
    result = cli("profile", "set", *args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""
    assert settings_with_prefix(db, "profile.") == {}


def test_a_bad_value_keeps_the_stored_profile(cli: CliCall, db: Database) -> None:
    assert cli("profile", "set", "--birth-year", "1960", "--sex", "female").exit_code == 0
    result = cli("profile", "set", "--sex", "male", "--menopause-year", "2010")
    assert result.exit_code == 2
    # The menopause check is against the profile as it would be after the change.
    assert cli("profile", "set", "--menopause-year", "2010").exit_code == 0
    result = cli("profile", "set", "--sex", "male")
    assert result.stderr == "Error: a menopause year is only for --sex female.\n"
    assert settings_with_prefix(db, "profile.") == {
        "profile.birth_year": "1960",
        "profile.sex": "female",
        "profile.menopause_year": "2010",
    }


def test_a_year_that_is_not_a_number_is_a_usage_error(cli: CliCall) -> None:
    result = cli("profile", "set", "--birth-year", "nineteen")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) == 1


def test_anticoagulant_changes_are_kept_with_their_days(cli: CliCall, db: Database) -> None:
    """Past days are judged by the status in force on them (issue 15, item 3)."""
    assert (
        cli("profile", "set", "--anticoagulant", "warfarin", "--since", "2025-01-10").exit_code == 0
    )
    # the same status again records nothing
    assert cli("profile", "set", "--anticoagulant", "vka").exit_code == 0
    result = cli("profile", "set", "--anticoagulant", "apixaban")
    assert result.exit_code == 0, result.stderr
    assert load_anticoagulant_history(db) == (
        AnticoagulantChange("vka", "warfarin", date(2025, 1, 10)),
        AnticoagulantChange("doac", "apixaban", date(2026, 11, 22)),
    )
    shown = cli("profile", "show").stdout
    assert (
        "  Anticoagulant   doac (direct oral anticoagulant: apixaban) since 2026-11-22\n"
        "    before        vka (vitamin K antagonist: warfarin) until 2026-11-21\n"
    ) in shown


def test_since_needs_an_anticoagulant_and_a_past_day(cli: CliCall, db: Database) -> None:
    alone = cli("profile", "set", "--birth-year", "1950", "--since", "2025-01-01")
    assert (alone.exit_code, alone.stderr) == (
        2,
        "Error: --since goes with --anticoagulant: the day that change took effect.\n",
    )
    future = cli("profile", "set", "--anticoagulant", "none", "--since", "2026-12-01")
    assert (future.exit_code, future.stderr) == (
        2,
        "Error: --since 2026-12-01 is in the future; record changes once made.\n",
    )
    assert load_anticoagulant_history(db) == ()
    assert settings_with_prefix(db, "profile.") == {}


def test_name_is_kept_and_shown_for_the_visit_summary(cli: CliCall, db: Database) -> None:
    assert cli("profile", "set", "--name", "  Zoë Ångström-Núñez ").exit_code == 0
    assert settings_with_prefix(db, "profile.") == {"profile.name": "Zoë Ångström-Núñez"}
    assert cli("profile", "set", "--birth-year", "1958").exit_code == 0  # the name stays
    shown = cli("profile", "show")
    assert "  Name            Zoë Ångström-Núñez\n" in shown.stdout
    assert json.loads(cli("profile", "show", "--json").stdout)["name"] == "Zoë Ångström-Núñez"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "--name is empty: give the name to show on the visit summary."),
        ("Ann\x1b[2J", "--name cannot contain control characters such as a newline or escape."),
        ("x" * 101, "--name is too long: at most 100 characters."),
    ],
)
def test_a_bad_name_is_refused_and_nothing_is_stored(
    cli: CliCall, db: Database, name: str, message: str
) -> None:
    result = cli("profile", "set", "--name", name, "--birth-year", "1958")
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert settings_with_prefix(db, "profile.") == {}


def test_unset_clears_fields_and_keeps_the_anticoagulant_history(
    cli: CliCall, db: Database
) -> None:
    assert cli("profile", "set", "--birth-year", "1958", "--sex", "female",
               "--menopause-year", "2008", "--anticoagulant", "warfarin",
               "--since", "2025-01-10", "--name", "Ann").exit_code == 0  # fmt: skip
    result = cli("profile", "unset", "menopause-year", "anticoagulant", "name")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "Unset menopause-year, anticoagulant, name.\n"
        "Anticoagulant: not recorded from 2026-11-22; earlier days keep the status recorded for "
        "them (see the history below).\n\nProfile\n"
    )
    assert settings_with_prefix(db, "profile.") == {
        "profile.birth_year": "1958",
        "profile.sex": "female",
    }
    assert load_anticoagulant_history(db) == (
        AnticoagulantChange("vka", "warfarin", date(2025, 1, 10)),
        AnticoagulantChange(None, None, date(2026, 11, 22)),
    )
    data = json.loads(cli("profile", "show", "--json").stdout)
    assert (data["anticoagulant"], data["menopause_year"]) == (None, None)
    # already not recorded: nothing more in the history; unsetting twice is fine
    assert cli("profile", "unset", "anticoagulant", "sex", "sex").exit_code == 0
    assert len(load_anticoagulant_history(db)) == 2
    assert settings_with_prefix(db, "profile.") == {"profile.birth_year": "1958"}


def test_unset_of_an_unknown_field_writes_nothing(cli: CliCall, db: Database) -> None:
    cli("profile", "set", "--birth-year", "1958", "--anticoagulant", "vka")
    result = cli("profile", "unset", "sex", "birth-yaer", "anticoagulant")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: unknown field 'birth-yaer'. Did you mean 'birth-year'? Fields: name, birth-year, "
        "sex, menopause-year, anticoagulant.\n",
    )
    assert settings_with_prefix(db, "profile.") == {"profile.birth_year": "1958"}
    assert len(load_anticoagulant_history(db)) == 1
    assert cli("profile", "unset").exit_code == 2  # a field is needed
