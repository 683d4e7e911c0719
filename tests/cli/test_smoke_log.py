from tests.conftest import CliCall, Freeze


def test_log_k2_prints_the_stored_amount_and_todays_total(cli: CliCall, frozen: Freeze) -> None:
    frozen("2026-11-22 08:31")
    first = cli("log", "k2", "180mcg", "--form", "mk7")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "Logged K2 (MK-7) 180 µg at 2026-11-22 08:31. Today: 180 µg.\n"
    second = cli("log", "k2", "0.18mg")
    assert second.stdout == "Logged K2 180 µg at 2026-11-22 08:31. Today: 360 µg.\n"
