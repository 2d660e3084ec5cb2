"""Building valid identifiers for demo data and tests (real checks come from python-stdnum)."""

from stdnum.cn import ric, uscc


def credit_code(number: int, *, district_code: str = "500103", authority: str = "91") -> str:
    """A unified social credit code that passes the GB 32100 check: authority + division + org code."""
    base = f"{authority}{district_code}MA{number:07d}"
    return base + uscc.calc_check_digit(base)


def resident_id(number: int, *, born: str = "19860101", area: str = "510202") -> str:
    """An 18-character resident ID that passes the GB 11643 check: area + birth date + sequence + check.

    The area code must have been in use at some time between the birth and the day the ID is checked
    (common.resident_ids): Chongqing's 5001xx codes date from 1997, the Sichuan-era 5102xx ones were
    retired then, so 510202 fits only people born by 1997.
    """
    base = f"{area}{born}{number % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")
