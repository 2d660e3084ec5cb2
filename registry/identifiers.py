"""Building valid identifiers for demo data and tests (real checks come from python-stdnum)."""

from stdnum.cn import uscc


def credit_code(number: int, *, district_code: str = "500103", authority: str = "91") -> str:
    """A unified social credit code that passes the GB 32100 check: authority + division + org code."""
    base = f"{authority}{district_code}MA{number:07d}"
    return base + uscc.calc_check_digit(base)
