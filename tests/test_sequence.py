import pytest

from pipeline.sequence import next_roman, number_run


def test_stt_look_alikes_take_their_place_in_the_run():
    assert number_run(["l", "l", "2", "3", "4", "5", "6", "2", "§", "9", "10", "H"]) == [
        "1", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"
    ]  # fmt: skip
    assert number_run(["1.", "2.", "3.", "4.", "S,"]) == ["1.", "2.", "3.", "4.", "5"]


def test_a_cell_ocr_made_nothing_of_does_not_stop_the_run():
    # "11" read as "lệ": before, the whole run was left as printed, "l" and "§" with it
    assert number_run(["l", "2", "3", "§", "5", "lệ", "7", "Ị`"]) == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert number_run(["1", "lệ", "a)"]) == ["1", "lệ", "a)"]  # another numbering: left as printed


@pytest.mark.parametrize(
    "printed",
    [["1", "2", "3", "5"], ["01", "02"], ["1.1", "1.2", "2.1"], ["a", "b"], ["6", "7", "8"], ["1", "", "2"]],
)
def test_printed_numbers_that_fit_stay(printed):
    assert number_run(printed) == printed


def test_roman_numerals_read_back_in_sequence():
    last, got = 0, []
    for label in ("L", "IL", "HI", "IV"):
        got.append(next_roman(label, last))
        last = len(got)
    assert got == ["I", "II", "III", "IV"]
    assert (next_roman("H", 1), next_roman("V", 1), next_roman("A", 0), next_roman("I", 3)) == ("II", "V", None, "I")
