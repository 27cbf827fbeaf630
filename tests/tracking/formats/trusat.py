"""The TruSat example files (../shared/data/observations/trusat) and their answers, line by line.

An answers file repeats each line of its data file as '<True|False>,<the line>'. Its copies of
the lines are not exact (leading blanks and tabs differ), and one of them was written for a
newer edition of its data file, so lines are paired by their stripped text (difflib), not by
number, a run of changed lines pairing one for one when both sides have as many; what pairs
with nothing on either side is returned for the tests to judge.
"""

import difflib
from dataclasses import dataclass
from pathlib import Path

from tracking.formats import ObservationParseResult, parse_observations

TRUSAT = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "observations" / "trusat"


def trusat_file(name: str) -> Path:
    path = TRUSAT / name
    assert path.is_file(), f"reference data missing: {path} (the tests read ../shared/data in place)"
    return path


@dataclass(frozen=True)
class Answers:
    by_line: dict[int, bool]  # data line number -> the answer for it
    unmatched_data: list[int]  # data lines the answers file does not hold
    unmatched_answers: list[tuple[str, bool]]  # answer lines (text, answer) with no data line


def answers(data_name: str, answers_name: str) -> Answers:
    data = [line.strip() for line in trusat_file(data_name).read_text().splitlines()]
    verdicts, texts = [], []
    for line in trusat_file(answers_name).read_text().splitlines():
        verdict, _, text = line.partition(",")
        assert verdict in ("True", "False"), f"{answers_name}: {line!r}"
        verdicts.append(verdict == "True")
        texts.append(text.strip())
    by_line, unmatched_data, unmatched_answers = {}, [], []
    matcher = difflib.SequenceMatcher(a=data, b=texts, autojunk=False)
    for _, a0, a1, b0, b1 in matcher.get_opcodes():
        if a1 - a0 == b1 - b0:  # equal, or lines edited one for one ("# From " for "# From http...")
            by_line.update({a0 + k + 1: verdicts[b0 + k] for k in range(a1 - a0)})
        else:
            unmatched_data.extend(range(a0 + 1, a1 + 1))
            unmatched_answers.extend(zip(texts[b0:b1], verdicts[b0:b1], strict=True))
    return Answers(by_line, unmatched_data, unmatched_answers)


def parse_trusat(name: str, file_format: str) -> ObservationParseResult:
    return parse_observations(trusat_file(name).read_text(), filename=name, file_format=file_format)


def verdicts(result: ObservationParseResult, text: str, skipped) -> dict[int, bool]:
    """Line number -> whether this parser took the line as a valid line of the format.

    Valid: not skipped (blank, note, end marker) and no error on it. A valid line without a
    position (a brightness or station report) gives no record, so records alone cannot say.
    """
    bad = {int(error.location.removeprefix("line ")) for error in result.errors}
    lines = text.splitlines()
    return {n: not skipped(line) and n not in bad for n, line in enumerate(lines, start=1)}


def assert_errors_well_formed(result: ObservationParseResult, filename: str) -> None:
    """Every error names the file, a line, a field (with its columns) and a reason; no record has one."""
    for error in result.errors:
        assert error.filename == filename and error.location.startswith("line ")
        assert error.reason and ("column" in error.field or error.field == "line length"), error
    assert not {r.location for r in result.records} & {e.location for e in result.errors}
