"""Results import at scale: checking (read + validate) and applying, timed apart, with queries and memory.

.venv/bin/python bench/certification_import.py [ROWS]     (default: 10000)

N people in training are bulk-created; one XLSX and one CSV carry all their results (about 2 in 3 pass).
Each file is checked once under tracemalloc (peak Python + NumPy allocations), then checked and applied
untraced for the times. Certifications are put back into training between files.
"""

import datetime
import io
import resource
import sys
import time
import tracemalloc

from _django import throwaway_database


def make_people(count: int):
    from examiners.models import Certification, Person
    from registry.identifiers import resident_id
    from registry.models import District

    district = District.objects.order_by("code").first()
    people = Person.objects.bulk_create(
        (
            Person(
                name=f"学员{n}",
                id_number=resident_id(
                    n, born=f"{datetime.date(1986, 1, 1) + datetime.timedelta(days=n // 1000):%Y%m%d}"
                ),
                district=district,
            )
            for n in range(count)
        ),
        batch_size=1000,
    )
    if not people[0].pk:  # backends that return no ids from bulk_create
        people = list(Person.objects.order_by("pk"))
    Certification.objects.bulk_create(
        (
            Certification(person=p, role="examiner", track="online", grade="examiner", status="training")
            for p in people
        ),
        batch_size=1000,
    )
    return people


def result_files(people) -> dict[str, bytes]:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "证件号码": [p.id_number for p in people],
            "姓名": [p.name for p in people],
            "角色": "考评员",
            "认证方式": "线上",
            "培训学时": 40,
            "考试成绩": [float(40 + (n * 7) % 60) + 0.5 for n in range(len(people))],
            "考试日期": datetime.date(2024, 3, 15),
        }
    )
    workbook = io.BytesIO()
    frame.to_excel(workbook, index=False, engine="openpyxl")
    return {"xlsx": workbook.getvalue(), "csv": frame.to_csv(index=False).encode("utf-8-sig")}


def back_to_training() -> None:
    from django_fsm_log.models import StateLog

    from examiners.models import Certification

    Certification.objects.update(
        status="training",
        training_hours=None,
        exam_score=None,
        exam_date=None,
        certificate_no=None,
        valid_from=None,
        valid_to=None,
    )
    StateLog.objects.all().delete()


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main(count: int) -> None:
    with throwaway_database() as connection:
        from accounts.roles import Role
        from accounts.services import create_user
        from examiners.imports import apply_results, parse_results

        officer = create_user(username="bench-officer", password=None, roles=[Role.CENTRE_OFFICER])
        started = time.perf_counter()
        people = make_people(count)
        print(
            f"database: {connection.vendor}; {count} people in training made in {time.perf_counter() - started:.1f} s"
        )
        files = result_files(people)
        print(
            f"{'file':<5} {'MB':>5} {'check s':>8} {'rows/s':>8} {'peak MB':>8} "
            f"{'apply s':>8} {'rows/s':>8} {'queries':>8} {'q/row':>6} {'certified':>9}"
        )
        for kind, content in files.items():
            back_to_training()
            name = f"results.{kind}"

            tracemalloc.start()
            parse_results(io.BytesIO(content), filename=name)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()

            started = time.perf_counter()
            parsed = parse_results(io.BytesIO(content), filename=name)
            checked = time.perf_counter() - started
            assert not parsed.errors, parsed.errors[:5]

            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                report = apply_results(parsed, user=officer)
                applied = time.perf_counter() - started
            assert report.ok and report.rows == count, report.errors[:5]
            print(
                f"{kind:<5} {len(content) / 2**20:>5.2f} {checked:>8.2f} {count / checked:>8.0f} {peak:>8.1f} "
                f"{applied:>8.2f} {count / applied:>8.0f} {counter.count:>8} {counter.count / count:>6.1f} "
                f"{report.certified:>9}"
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
        print(f"process peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
