"""What reading a table can find wrong: a problem at a row and column, and a refusal listing them."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: `row` as the user sees it in the file (header = row 1, first data row = 2), `column`
    as headed in the file, the cell's value. Problems with the file as a whole are at row 1, no column."""

    row: int
    column: str
    value: str
    message: str


class TableRefused(Exception):
    """The file cannot be taken: `errors` in file order; `total` counts them all when only the first
    ones are listed."""

    def __init__(self, errors: list[RowError], total: int | None = None):
        self.errors = errors
        self.total = len(errors) if total is None else total
        super().__init__(f"{self.total} problem(s) in the file")


def file_error(message: str) -> TableRefused:
    """A refusal of the file as a whole, at row 1 with no column."""
    return TableRefused([RowError(row=1, column="", value="", message=message)])
