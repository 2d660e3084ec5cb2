"""Settings: one module, configured by the environment.

Development (the default) needs nothing set. Production is `DJANGO_ENV=production` with
`DJANGO_SECRET_KEY`, `DJANGO_ALLOWED_HOSTS` and `DATABASE_URL`; see README.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "django_fsm_log",
    "django_tasks_db",
    "crontask",  # `manage.py crontask`, the daily schedule's scheduler
    "common",
    "accounts",
    "schedule",
    "jobs",
    "notifications",
    "registry",
    "specifications",
    "examiners",
    "integrity",
    "audits",
    "certificates",
    "plans",
    "todo",
    "demo",
]
# Every StateLog row is written with the day its transition took effect (common.models.TransitionDate).
DJANGO_FSM_LOG_STORAGE_METHOD = "common.transition_log.DatedBackend"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "todo.context_processors.badges",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: SQLite file by default; any URL form in DATABASE_URL (postgres://..., sqlite:///...).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL: the web server keeps reading while the worker writes a long import (one writer, many readers).
    # WAL writes each page twice (log, then checkpoint); a 64 MB page cache (the default is 2 MB) keeps a
    # 300,000-row import's index pages in memory instead, which more than wins that back (bench/roster.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY",
        }
    )
    # Tests use a file, not the in-memory default, so that a worker process (the jobs' browser test) can
    # open the live server's database; one per test process.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: the public sees only public pages
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"  # never served directly: materials are private and go through views
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# Tables uploaded for import (certification results, result rosters), checked before any parser sees them.
TABLE_UPLOAD_MAX_BYTES = 200 * 1024 * 1024  # largest CSV/XLSX file; a 1,000,000-row roster CSV is ~140 MB
TABLE_XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an XLSX's parts once inflated (a zip bomb stops here)
TABLE_XLSX_MAX_ROWS = 200_000  # rows in one sheet of an XLSX; bigger tables are uploaded as CSV
# Error reports of refused files, kept under MEDIA_ROOT in these folders for their download link, and
# deleted this many days later by `purge_error_reports` (daily).
ERROR_REPORT_FOLDERS = ["roster-errors"]
ERROR_REPORT_KEEP_DAYS = 7

# Background jobs (jobs/): Django's tasks framework. The default backend keeps the queue in the database
# (django-tasks-db; `manage.py db_worker` runs it), so no broker is needed; another backend by dotted path.
TASKS = {"default": {"BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# E-mail (Django's MAILERS): SMTP when DJANGO_EMAIL_HOST names a server, and always in production (the
# local relay by default); otherwise printed to the console.
if os.environ.get("DJANGO_EMAIL_HOST") or PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST") or "localhost",
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")

# Production hardening: everything `manage.py check --deploy` asks for.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # Django logs every task's start and end at INFO (twice with DEBUG on): a line per notification.
    "loggers": {"django.tasks": {"level": os.environ.get("DJANGO_TASKS_LOG_LEVEL", "WARNING")}},
}

# ---------------------------------------------------------------------------------------------
# Domain rules. Numbers that vary by province or year live here, each with its meaning; code reads
# them through django.conf.settings at call time so they can be tuned without code changes.
# ---------------------------------------------------------------------------------------------
FILING_VALIDITY_YEARS = 3  # 备案有效期: a filing is valid 3 years from publication (practice)
FILING_NOTICE_WORKING_DAYS = 5  # 公示期: working days a filing decision is publicly noticed
FILING_RENEWAL_WINDOW_DAYS = 180  # 延续备案: a renewal may be applied for this many days before expiry
FILING_NATIONAL_CODE = "0000"  # 4-digit national code in the filing number; 0000 = provincial filing
FILING_PROVINCE_CODE = "50"  # Chongqing
REFILING_BAR_YEARS = 3  # 取消备案后不得重新备案的年限
RECTIFICATION_DEFAULT_DAYS = 30  # 整改期限 default for a rectification order
RECOMMENDATION_REVIEW_MONTHS = 12  # a body under first review may recommend examiners this long
MATERIAL_MAX_BYTES = 10 * 1024 * 1024  # cap on one uploaded material
# Materials an application of each kind must carry before it can be submitted.
FILING_REQUIRED_MATERIALS = {
    "initial": ["licence", "rules", "venue", "staff"],
    "renewal": ["licence", "rules"],
    "change": [],
    "exit": [],
}
CERTIFICATION_VALIDITY_YEARS = 3  # 考评员/督导员证书有效期 (supervisors: 3-year appointment)
CERTIFICATION_PASS_SCORE = 60  # 考评员/督导员 certification exam pass mark
EXAMINERS_PER_ROOM = 3  # 每个实操考场至少 3 名考评员
SUPERVISORS_PER_SESSION = 1  # 逢考必督: one external quality supervisor per session
CONSECUTIVE_SESSIONS_AT_ONE_BODY = 3  # an examiner may not staff more than 3 consecutive sessions at one body
DECLINES_PER_YEAR_LIMIT = 3  # declining this many assignments in a year drops a person from the pool
# 诚信档案 (integrity records): default points and publication windows by kind, in months:
# (minimum before credit repair may be applied for, publication window). Score = 100 + points, 0–100.
INTEGRITY_POINTS = {"commendation": 5, "minor": -5, "general": -20, "serious": -50}
INTEGRITY_WINDOWS_MONTHS = {"commendation": (0, 12), "minor": (0, 3), "general": (3, 12), "serious": (12, 36)}
INTEGRITY_SCORE_THRESHOLD = 60  # below: examiner/supervisor suspended, body put into rectification
INTEGRITY_OBJECTION_DAYS = 15  # 申诉: days after recording within which an objection may be filed
# 督导检查 (inspections), 整改 (rectification orders) and 评估 (periodic evaluations), domain.md §3.5–§3.6.
INSPECTION_OPEN_PER_SUPERVISOR = 5  # random planning gives no supervisor more open inspections than this
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # cap on one photo or PDF attached to a finding
# The integrity entry a finding of each severity records on the body when the inspection is reviewed
# (None: no entry). Major and critical findings also open a rectification order.
FINDING_INTEGRITY_KIND = {"observation": None, "minor": "minor", "major": "general", "critical": "serious"}
FINDING_SEVERITIES_ORDERING_RECTIFICATION = ["major", "critical"]
# Periodic evaluation: the six areas' weights (they sum to 1) and the grade bands, highest first:
# 优秀 ≥ 90, 合格 ≥ 75, 基本合格 ≥ 60 (the body is put into rectification), 不合格 < 60 (suspension proposed).
EVALUATION_AREA_WEIGHTS = {
    "organisation": 0.15,
    "systems": 0.15,
    "technical_support": 0.15,
    "basic_conditions": 0.2,
    "staff": 0.15,
    "quality_management": 0.2,
}
EVALUATION_GRADE_BANDS = [
    ("excellent", 90),
    ("qualified", 75),
    ("basically_qualified", 60),
    ("unqualified", 0),
]
# The address printed (as a QR code and a link) on PDF reports, for their public verification page.
# Unset: the address the report is downloaded from (the request's scheme and host); commands, which have
# no request, print SITE_URL_WITHOUT_REQUEST.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
SITE_URL_WITHOUT_REQUEST = "http://127.0.0.1:8000"  # where `make run` serves
# 职业技能等级证书 audit (domain.md §3.7, §4): result rosters, the 13 rules and their thresholds.
RESULT_PASS_SCORE = 60  # theory, skill and (levels 2–1) comprehensive review each out of 100, pass ≥ 60
RESULT_REPORT_WORKING_DAYS = {"social": 5, "college": 5, "employer": 10}  # roster due after the exam
AUDIT_MIN_CANDIDATE_AGE = 16  # UNDER_AGE: younger than this (whole years) on the exam date
# EXAMINER_OVERLOAD: candidates one examiner may assess in a day (all bodies); above it, every row of
# that examiner-day is flagged.
AUDIT_EXAMINER_DAILY_LIMIT = 60
# PASS_RATE_OUTLIER: per body × occupation × level × calendar quarter with at least MIN candidates, the
# pass rate is more than EXCESS above its peers' (the other bodies pooled, at least MIN_PEERS candidates).
AUDIT_PASS_RATE_MIN_CANDIDATES = 30
AUDIT_PASS_RATE_MIN_PEERS = 30
AUDIT_PASS_RATE_EXCESS = 0.25
# SCORE_CLUSTER: per body × occupation × level × exam date with at least MIN candidates, one identical
# (theory, skill) pair held by at least SAME_PAIR_SHARE of them, or at least AT_PASS_SHARE of the passers
# with theory or skill between the pass mark and AT_PASS_BAND points above it (60–62), both included.
AUDIT_SCORE_CLUSTER_MIN_CANDIDATES = 20
AUDIT_SCORE_CLUSTER_SAME_PAIR_SHARE = 0.3
AUDIT_SCORE_CLUSTER_AT_PASS_SHARE = 0.5
AUDIT_SCORE_CLUSTER_AT_PASS_BAND = 2
# Confirming an audit case records integrity entries of these kinds on the body and on each examiner
# named on the certificates concerned.
AUDIT_CASE_INTEGRITY_KIND = {"body": "general", "examiner": "general"}
VERIFY_RATE_LIMIT = (30, 60)  # /verify/: at most 30 look-ups per client per 60 seconds

# 专项职业能力考核规范 (special-ability specifications, domain.md §3.8, issue 13).
# A specification's code, given when it is proposed: the year of the proposal and a sequence per year
# (CQZX-2026-001). Changing the format changes only the codes given from then on.
SPECIFICATION_CODE_FORMAT = "CQZX-{year}-{seq:03d}"
SPECIFICATION_MIN_EXAMINERS = 3  # assessment requirement: at least this many examiners per panel (考评组)
SPECIFICATION_MIN_EXPERTS = 3  # 论证 starts with at least this many experts appointed
SPECIFICATION_MIN_REVIEW_PANEL = 3  # 评审: an odd-sized panel of at least this many experts votes
# The duplicate check (论证: no overlap with the 大典 or an existing specification): names are compared after
# dropping spaces, punctuation and a trailing 工/员/师/人员; equal or contained (the shorter at least
# MIN_CONTAINED characters) or difflib's ratio at least SIMILARITY is a match; against a specification
# that shares a related occupation, SIMILARITY_SAME_OCCUPATION is enough.
SPECIFICATION_DUPLICATE_MIN_CONTAINED = 2
SPECIFICATION_DUPLICATE_SIMILARITY = 0.8
SPECIFICATION_DUPLICATE_SIMILARITY_SAME_OCCUPATION = 0.6
SPECIFICATION_DRAFT_MAX_BYTES = 10 * 1024 * 1024  # cap on a proposal's draft (PDF)

# Daily schedule (schedule/): the default time of day of a daily task that names none (local time). The
# scheduler (`manage.py crontask`) ticks every ten minutes and the worker runs what is due.
SCHEDULE_DAILY_AT = os.environ.get("SCHEDULE_DAILY_AT", "02:00")
# Background jobs: a running job whose worker has not reported for this many seconds is presumed dead
# (the worker process stopped) and marked failed; its import, run in one transaction, stored nothing.
JOBS_STALE_AFTER = 120
# How often (seconds) the job's page asks for its progress.
JOBS_POLL_SECONDS = 1
# Reminders (`remind_deadlines`, daily): a rectification order still unanswered this many days before its
# deadline is reminded once (and once more when overdue); a body's filing validity and a certification are
# reminded once as each of these many days before their end is reached.
NOTIFY_ORDER_DUE_DAYS = 7
NOTIFY_VALIDITY_ENDING_DAYS = [90, 30]
# Public statistics (/statistics/): the figures of a day are computed once and kept this many seconds (in
# Django's cache, per language); the page tells browsers and shared caches they may keep it as long.
STATISTICS_CACHE_SECONDS = 600
