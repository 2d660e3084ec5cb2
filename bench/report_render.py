"""Time PDF reports: one large inspection report, then RUNS reports in a row (time, pages, memory).

.venv/bin/python bench/report_render.py [FINDINGS] [RUNS]     (default: 50 100)

The large report has FINDINGS findings, each with a ~1200×900 JPEG photo (thumbnailed on upload, as
in the app); target: rendered in at most 2 s. Then RUNS renders in a row, cycling through twenty
typical inspection reports (0–4 findings with photos), to show the per-report mean and p95 and
whether memory keeps growing. Figures only: nothing here fails on time.
Uploads go to a temporary MEDIA_ROOT, the data to a throw-away database.
"""

import datetime
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from _django import throwaway_database

SEED = 2026


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def photo(rng: random.Random, size=(1200, 900)) -> bytes:
    """A photo-like JPEG: a colour gradient, shapes and sensor noise (≈ 120 kB at quality 85)."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = size
    base = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").rotate(rng.randint(0, 359)).resize(size),
            Image.radial_gradient("L").resize(size),
            Image.linear_gradient("L").transpose(Image.Transpose.FLIP_TOP_BOTTOM).resize(size),
        ],
    )
    draw = ImageDraw.Draw(base)
    for _ in range(25):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randint(40, 400), rng.randint(40, 300)
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.rectangle if rng.random() < 0.5 else draw.ellipse)([x, y, x + w, y + h], fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(base, noise, 0.12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def page_count(pdf: bytes) -> str:
    """Pages as poppler's pdfinfo reads them ("?" without poppler)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        try:
            info = subprocess.run(["pdfinfo", fh.name], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


class World:
    """A centre officer, filed bodies, and fresh supervisors (one per inspection: no load limits)."""

    def __init__(self, rng: random.Random):
        from accounts.roles import Role
        from accounts.services import create_user
        from registry.bulk import make_filed_bodies

        self.rng = rng
        self.officer = create_user(
            username="bench-centre", password="pw", roles=[Role.CENTRE_OFFICER], display_name="中心审核员"
        )
        self.bodies = make_filed_bodies(40, seed=SEED)
        self.people = 0

    def supervisor(self):
        from django.utils import timezone

        from accounts.roles import Role
        from accounts.services import create_user
        from examiners.models import Certification, Person
        from registry.identifiers import resident_id

        self.people += 1
        n = self.people
        account = create_user(username=f"bench-sup{n}", password="pw", roles=[Role.SUPERVISOR])
        person = Person.objects.create(
            name=f"督导员{n}", id_number=resident_id(900_000 + n, born="19850101"), account=account
        )
        today = timezone.localdate()
        return Certification.objects.create(
            person=person,
            role="supervisor",
            track="online",
            status="certified",
            certificate_no=f"B{n:09d}",
            valid_from=today - datetime.timedelta(days=30),
            valid_to=today + datetime.timedelta(days=700),
        )

    def inspection(self, body, findings: int):
        """Planned, filled with `findings` photographed findings, signed and reviewed: its report issued."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from audits.models import AnswerResult
        from audits.services import inspections as svc

        insp = svc.plan_inspection(
            user=self.officer,
            body=body,
            kind="annual",
            planned_for=timezone.localdate() + datetime.timedelta(days=7),
        )
        cert = self.supervisor()
        svc.assign_supervisor(inspection=insp, user=self.officer, certification=cert)
        account = cert.person.account
        svc.start_inspection(inspection=insp, user=account)
        items = list(insp.template.items.all())
        answers = {i.pk: (AnswerResult.YES, "") for i in items}
        for n in range(findings):
            item = items[n % len(items)]
            answers[item.pk] = (AnswerResult.NO, f"不符合：{item.text}")
            svc.add_finding(
                inspection=insp,
                user=account,
                severity=self.rng.choice(["observation", "minor", "major", "critical"]),
                description=f"现场发现问题 {n + 1}：{item.text}。考场视频监控存在盲区，"
                "部分考生身份核验记录不完整，需在规定期限内整改并提交整改材料。",
                item_id=item.pk,
                uploads=[
                    SimpleUploadedFile(f"现场照片{n + 1}.jpg", photo(self.rng), content_type="image/jpeg")
                ],
            )
        svc.save_answers(inspection=insp, user=account, answers=answers)
        svc.sign_and_submit(
            inspection=insp, user=account, signed_name=cert.person.name, summary="总体规范。", pledge=True
        )
        svc.review_inspection(inspection=insp, user=self.officer, note="情况属实")
        return insp


def main(findings: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-media-") as media:
        os.environ["DJANGO_MEDIA_ROOT"] = media
        run(findings, runs)


def run(findings: int, runs: int) -> None:
    with throwaway_database() as connection:
        from audits.reports.issue import current_report
        from audits.reports.pdf import render_pdf

        rng = random.Random(SEED)
        world = World(rng)
        started = time.perf_counter()
        big = world.inspection(world.bodies[0], findings)
        report = current_report(big)
        print(
            f"database: {connection.vendor}; inspection {report.number} with {findings} photographed "
            f"findings made in {time.perf_counter() - started:.1f} s"
        )

        for attempt in ("first (cold)", "second"):
            started = time.perf_counter()
            pdf = render_pdf(report)
            elapsed = time.perf_counter() - started
            pages = page_count(pdf)
            print(
                f"large report, {attempt} render: {elapsed:.2f} s, {pages} pages, {len(pdf) / 1024:.0f} kB, "
                f"peak RSS {peak_rss_mb():.0f} MB"
            )

        typical = [current_report(world.inspection(body, n % 5)) for n, body in enumerate(world.bodies[1:21])]
        times = []
        started = time.perf_counter()
        for n in range(runs):
            one = time.perf_counter()
            render_pdf(typical[n % len(typical)])
            times.append(time.perf_counter() - one)
        total = time.perf_counter() - started
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(
            f"{runs} typical reports in a row: {total:.2f} s total, mean {statistics.mean(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, peak RSS {peak_rss_mb():.0f} MB"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50, int(sys.argv[2]) if len(sys.argv) > 2 else 100)
