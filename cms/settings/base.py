"""Settings shared by every environment. See docs/configuration.md for each variable."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from .env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_secret("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "core",
    "cms",
    "networks",
    "sending",
    "newsletters",
    "alerts",
    "events",
    "learning",
    "returns",
    "board",
    "accounts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "anymail",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestSafetyMiddleware",  # non-UTF-8 form bodies: 400; Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets request.user.is_verified(); staff who see partner or sensitive data must have passed
    # TOTP (or a recovery code) before any admin page opens (core.twofactor).
    "django_otp.middleware.OTPMiddleware",
    "core.twofactor.middleware.TwoFactorRequiredMiddleware",
    # Partner-only pages answer 404 in the admin's page screens to staff who may not read them.
    "networks.partner_pages.PartnerPagesAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
# Anonymous page cache: after WhiteNoise, before sessions, so a hit skips the session, CSRF and
# auth work. A miss passes back through the inner middleware first, so the cached response already
# carries CSP and X-Frame-Options; SecurityMiddleware (outside) still adds its headers to every hit.
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "cms.page_cache.AnonymousPageCacheMiddleware",
)

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]
# Every form's {{ form }} and {{ form.<field>.as_field_group }}: the public forms' one field
# template and error summary (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
# PostgreSQL in production and CI (DATABASE_URL); a SQLite file under var/ when unset.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'partnerhub.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite serves `make run`'s three processes (web, worker, beat) writing at once, so it must queue
# writers instead of failing them ("database is locked"):
# - WAL: readers never block a writer nor a writer its readers; synchronous=NORMAL is WAL's safe
#   pairing (a power cut may lose the last commits, never corrupt the file).
# - IMMEDIATE: a transaction takes the write lock at BEGIN, where SQLite waits out the busy
#   timeout. A deferred one that reads first and then writes cannot wait (SQLite answers "locked"
#   at once rather than deadlock), which is what failed under the default.
# - timeout: how long a writer waits for the lock; longer than any write the three processes make
#   (a send's 1,000 deliveries, a batch's write-back) even on a busy machine.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 30),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Redis and Celery -----------------------------------------------------------------------
# Without REDIS_URL (the zero-set-up default) tasks run in-process, eagerly.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Workers ride out broker outages: they retry connecting for ever (at start and after a loss)
# instead of exiting. Producers (web requests) never wait: `core.queue` sends with retry=False,
# and these socket timeouts bound one attempt against a stopped or frozen Redis.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": float(env_str("BROKER_SOCKET_CONNECT_TIMEOUT", "0.5")),
    "socket_timeout": float(env_str("BROKER_SOCKET_TIMEOUT", "1.0")),
    "retry_on_timeout": False,
    "health_check_interval": 10,
    # Unacked messages (acks_late) left by a worker that lost Redis come back after this; the
    # beat sweeps re-enqueue the work they carry sooner. Longer than any task runs.
    "visibility_timeout": 3600,
}
# After a failed enqueue this process skips the broker for this long (the work is in the DB).
BROKER_RETRY_SECONDS = 5
CELERY_BEAT_SCHEDULE: dict = {
    # core.health: a worker runs it (its heartbeat); beat records its own as it sends it.
    "worker-heartbeat": {"task": "core.heartbeat", "schedule": 60.0},
    # core/: hand over promised tasks whose enqueue failed (broker down); expire DB counters.
    "core-sweep": {"task": "core.sweep", "schedule": 60.0},
    # Sending engine (sending/): start scheduled sends that are due; turn claims left by a dead
    # worker into "uncertain" rows and re-enqueue batches nobody is working on. The task names are
    # the ones they had in newsletters/, so tasks queued across a deploy still run.
    "newsletters-start-due-sends": {"task": "newsletters.start_due_sends", "schedule": 30.0},
    "newsletters-recover-sends": {"task": "newsletters.recover_sends", "schedule": 60.0},
    # Addresses paused after repeated soft bounces get mail again once the pause is over.
    "sending-lift-soft-bounce-pauses": {
        "task": "sending.lift_soft_bounce_pauses",
        "schedule": 3600.0,
    },
    # Review dates are days, but a run every six hours still reminds on the due day if one run is
    # missed; the task sends one reminder per material per review-by date however often it runs.
    "publish-scheduled-pages": {"task": "cms.publish_scheduled", "schedule": 60.0},
    "material-review-reminders": {
        "task": "cms.send_material_review_reminders",
        "schedule": 6 * 60 * 60.0,
    },
    # alerts/: retry notifications that could not be queued or sent, escalate urgent reports
    # nobody acknowledged, and apply the retention rules once a day.
    "alerts-retry-outbox": {"task": "alerts.retry_outbox", "schedule": 60.0},
    "alerts-escalate": {"task": "alerts.escalate_unacknowledged", "schedule": 300.0},
    "alerts-retention": {"task": "alerts.apply_retention", "schedule": 24 * 3600.0},
    # events/: lapse unanswered waiting-list offers (and offer the place on), send reminders and
    # chases (a row per invitation and offset makes each send once) and feedback requests.
    "events-expire-offers": {"task": "events.expire_offers", "schedule": 300.0},
    "events-reminders": {"task": "events.send_reminders", "schedule": 3600.0},
    "events-feedback": {"task": "events.send_feedback_requests", "schedule": 3600.0},
    # returns/: chase organisations that have not submitted (a row per response and offset
    # makes each chase once).
    "returns-chases": {"task": "returns.send_chases", "schedule": 3600.0},
    # learning/: email the certificates whose on-commit hand-over was lost (a row per certificate
    # makes each email once), and once a day, at ten, the impact follow-up of the sessions that
    # ended three months before (a row per person and session makes each once).
    "learning-certificate-emails": {"task": "learning.email_certificates", "schedule": 300.0},
    "learning-follow-ups": {
        "task": "learning.send_follow_ups",
        "schedule": crontab(hour=10, minute=0),
    },
    # learning/: refresher reminders (daily work) and the leads' monthly lists. Every six hours,
    # so a missed run still sends on the day; a row per completion and threshold (per
    # organisation and month for a list) makes each send once however often it runs.
    "learning-refresher-reminders": {
        "task": "learning.send_refresher_reminders",
        "schedule": 6 * 60 * 60.0,
    },
    "learning-due-lists": {"task": "learning.send_due_lists", "schedule": 6 * 60 * 60.0},
}

# --- Heartbeats (core/health.py) --------------------------------------------------------------
# A worker or beat heartbeat older than this is stale: the admin warns, /healthz answers 503.
HEARTBEAT_STALE_SECONDS = env_int("HEARTBEAT_STALE_SECONDS", 300)

# --- Events (events/) -----------------------------------------------------------------------
EVENTS_OFFER_HOLD_HOURS = env_int("EVENTS_OFFER_HOLD_HOURS", 48)
# Open events' registration form: posts per client IP an hour, and emails to one address an hour.
EVENTS_REGISTRATIONS_PER_HOUR = env_int("EVENTS_REGISTRATIONS_PER_HOUR", 20)
EVENTS_REGISTRATION_EMAILS_PER_HOUR = env_int("EVENTS_REGISTRATION_EMAILS_PER_HOUR", 3)
EVENTS_REMINDER_DAYS_BEFORE = [int(d) for d in env_list("EVENTS_REMINDER_DAYS_BEFORE", ["7", "1"])]
EVENTS_CHASE_DAYS_BEFORE_DEADLINE = [
    int(d) for d in env_list("EVENTS_CHASE_DAYS_BEFORE_DEADLINE", ["5"])
]

# --- Learning and development (learning/) ----------------------------------------------------
# A certificate's personal link works this many days (the PDF it opens is the person's to keep).
LEARNING_CERTIFICATE_LINK_DAYS = env_int("LEARNING_CERTIFICATE_LINK_DAYS", 90)
# The public verify page: look-ups per client IP an hour (codes cannot be tried in bulk).
LEARNING_VERIFY_PER_HOUR = env_int("LEARNING_VERIFY_PER_HOUR", 20)
# The impact follow-up goes this many months after a session ends (a session missed by beat for
# up to LEARNING_FOLLOW_UP_WINDOW_DAYS still gets it); its link works this many days.
LEARNING_FOLLOW_UP_MONTHS = env_int("LEARNING_FOLLOW_UP_MONTHS", 3)
LEARNING_FOLLOW_UP_WINDOW_DAYS = env_int("LEARNING_FOLLOW_UP_WINDOW_DAYS", 14)
LEARNING_FOLLOW_UP_LINK_DAYS = env_int("LEARNING_FOLLOW_UP_LINK_DAYS", 60)

# --- Returns (returns/) ---------------------------------------------------------------------
# Personal return links work this many days; chases go this many days from the due date
# (negative: before it).
RETURNS_LINK_DAYS = env_int("RETURNS_LINK_DAYS", 45)
RETURNS_CHASE_DAYS = [int(d) for d in env_list("RETURNS_CHASE_DAYS", ["-7", "-1", "3", "10"])]

# --- Learning and development (learning/) ----------------------------------------------------
# A person is reminded this many days before a completion expires (once per threshold; the
# validity per level is in the partnership's settings). Their organisation's Prevent leads get,
# from this day of each month, the list of its people expiring within LEARNING_DUE_LIST_DAYS or
# expired within as many days before.
LEARNING_REMINDER_DAYS = [int(d) for d in env_list("LEARNING_REMINDER_DAYS", ["60", "14"])]
LEARNING_DUE_LIST_DAYS = env_int("LEARNING_DUE_LIST_DAYS", 90)
LEARNING_DUE_LIST_DAY = env_int("LEARNING_DUE_LIST_DAY", 1)

# A Redis outage costs cache misses, never a 500 (core/cache.py): every call catches Redis'
# errors, and short socket timeouts make a frozen Redis cost milliseconds. Sessions are in the
# database (Django's default SESSION_ENGINE), never in this cache.
CACHE_RETRY_SECONDS = 5
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "partnerhub",
            "OPTIONS": {
                "socket_connect_timeout": float(env_str("CACHE_SOCKET_CONNECT_TIMEOUT", "0.3")),
                "socket_timeout": float(env_str("CACHE_SOCKET_TIMEOUT", "0.3")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Email ----------------------------------------------------------------------------------
# EMAIL_BACKEND picks the transport: "eml" (files under var/mail, the default), "smtp",
# "console", or any anymail ESP backend path such as "anymail.backends.postmark.EmailBackend".
_EMAIL_BACKENDS = {
    "eml": "cms.mail.EmlFileBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "eml")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Every message goes through the sending engine; apps below it in the import order (networks) reach
# it through this function.
CONTACT_MAILER = "sending.engine.actions.send_contact_email"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Prevent Partnership <prevent@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Sending engine (sending.engine) ---------------------------------------------------------
# Messages per second per backend, shared by every worker through Redis (0 = unlimited).
SEND_RATE_LIMIT_PER_SECOND = env_int("SEND_RATE_LIMIT_PER_SECOND", 0)
# Deliveries claimed and sent per task; one SMTP connection (or one ESP batch call) per batch.
SEND_BATCH_SIZE = env_int("SEND_BATCH_SIZE", 250)
# Messages a worker process hands over before recording them: a worker killed mid-batch leaves at
# most this many "uncertain" (an ESP batch call carries this many recipients).
SEND_IN_FLIGHT = env_int("SEND_IN_FLIGHT", 10)
# A row still "sending" this long after its claim belongs to a dead worker and becomes "uncertain".
SEND_CLAIM_LEASE_SECONDS = env_int("SEND_CLAIM_LEASE_SECONDS", 600)
# Transient provider errors: retries with exponential backoff (base seconds, doubled each time,
# capped, with jitter) before the rows are failed.
SEND_MAX_RETRIES = env_int("SEND_MAX_RETRIES", 8)
SEND_RETRY_BACKOFF_SECONDS = env_int("SEND_RETRY_BACKOFF_SECONDS", 5)
SEND_RETRY_BACKOFF_MAX_SECONDS = env_int("SEND_RETRY_BACKOFF_MAX_SECONDS", 600)
# At most this many messages in any rolling 24 hours through the provider, shared by every worker
# (0 = no cap): a send that reaches it waits, says so on its report, and resumes by itself.
SEND_DAILY_LIMIT = env_int("SEND_DAILY_LIMIT", 0)
# The longest a batch's task waits in the queue in one go (the daily limit waits in steps):
# shorter than the broker's visibility timeout below, so Redis never hands it to a second worker.
SEND_LONGEST_WAIT_SECONDS = 1800
# Soft bounces (mailbox full, server busy) add up per address: this many within this many days
# and the address is paused (on the suppression list, reason "repeated soft bounces").
SEND_SOFT_BOUNCE_LIMIT = env_int("SEND_SOFT_BOUNCE_LIMIT", 3)
SEND_SOFT_BOUNCE_DAYS = env_int("SEND_SOFT_BOUNCE_DAYS", 14)
# A pause ends by itself after this many days (beat, hourly), or sooner when a coordinator removes
# it from the suppression list; the count then starts again. 0: only the coordinator ends it.
SEND_SOFT_BOUNCE_PAUSE_DAYS = env_int("SEND_SOFT_BOUNCE_PAUSE_DAYS", 7)

# anymail: ANYMAIL_<ESP>_<SETTING> variables are passed through, e.g. ANYMAIL_POSTMARK_SERVER_TOKEN,
# ANYMAIL_MAILGUN_API_KEY, ANYMAIL_WEBHOOK_SECRET ("user:password" for tracking webhooks).
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): env_secret(key)
    # NAME_FILE alone (a mounted secret) counts as NAME: env_secret reads the file.
    for key in {k.removesuffix("_FILE") for k in __import__("os").environ}
    if key.startswith("ANYMAIL_")
}

# --- Contact directory (networks/) ------------------------------------------------------------
# Members of this group manage the whole directory (the others see their districts only).
NETWORKS_COORDINATOR_GROUP = env_str("NETWORKS_COORDINATOR_GROUP", "Coordinators")
# Confirmation emails one address may be sent an hour (the public form cannot flood an inbox).
NETWORKS_CONFIRMATIONS_PER_HOUR = env_int("NETWORKS_CONFIRMATIONS_PER_HOUR", 5)
# The directory report flags a district network with fewer live members than this.
NETWORKS_THIN_NETWORK_SIZE = env_int("NETWORKS_THIN_NETWORK_SIZE", 5)
# The "email me a fresh partner link" form: posts per connection, and links per address, an hour.
NETWORKS_PARTNER_LINK_REQUESTS_PER_HOUR = env_int("NETWORKS_PARTNER_LINK_REQUESTS_PER_HOUR", 20)
NETWORKS_PARTNER_LINKS_PER_HOUR = env_int("NETWORKS_PARTNER_LINKS_PER_HOUR", 3)
# The consent wording on the subscribe form and preference centre, and its version, recorded on
# every consent event a person causes: change both together (a new version for every new text).
NETWORKS_CONSENT_WORDING = env_str(
    "NETWORKS_CONSENT_WORDING",
    "We will use your name, email address, organisation and districts only to send you the "
    "partnership's emails you choose here. You can change your choices or unsubscribe at any "
    "time from the link in every email, and we keep a record of when you agreed and changed them.",
)
NETWORKS_CONSENT_WORDING_VERSION = env_str("NETWORKS_CONSENT_WORDING_VERSION", "2026-01")

# --- Feedback and tension inbox (alerts/) ------------------------------------------------------
# Attachments are stored here, outside MEDIA_ROOT and any public URL.
ALERTS_PRIVATE_ROOT = Path(env_str("ALERTS_PRIVATE_ROOT", str(VAR_DIR / "private")))
# Key of the HMAC under which receipt codes are stored. Unset: derived from SECRET_KEY (so
# rotating SECRET_KEY would invalidate every receipt; set this in production).
RECEIPT_HASH_KEY = env_secret("RECEIPT_HASH_KEY")
ALERTS_RESPONDER_GROUPS = env_list("ALERTS_RESPONDER_GROUPS", ["Responders"])
ALERTS_ESCALATE_AFTER_MINUTES = env_int("ALERTS_ESCALATE_AFTER_MINUTES", 30)
ALERTS_RETENTION_DAYS = env_int("ALERTS_RETENTION_DAYS", 365)
ALERTS_RETENTION_MODE = env_str("ALERTS_RETENTION_MODE", "anonymise")  # or "delete"
ALERTS_SUBMISSIONS_PER_HOUR = env_int("ALERTS_SUBMISSIONS_PER_HOUR", 20)
ALERTS_LOOKUPS_PER_HOUR = env_int("ALERTS_LOOKUPS_PER_HOUR", 30)
ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT = env_int("ALERTS_RECEIPT_FAILURES_BEFORE_LOCKOUT", 5)
ALERTS_LOCKOUT_MINUTES = env_int("ALERTS_LOCKOUT_MINUTES", 30)
# How many proxies in front of the web processes append to X-Forwarded-For (0: use REMOTE_ADDR).
# Proxies in front of gunicorn that append to X-Forwarded-For (public forms' rate limits).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", env_int("ALERTS_TRUSTED_PROXY_COUNT", 0))
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Partnerhub")
# Groups whose members must use two-factor authentication (besides superusers, district leads,
# senders and responders, which their apps name through the `requires_two_factor` hook).
TWO_FACTOR_GROUPS = env_list("TWO_FACTOR_GROUPS", ["Coordinators", "Board members"])
# Staff accounts (accounts/): how long an invitation link and a password reset link work, and how
# many reset emails an address, and reset requests a connection, may ask for in an hour.
ACCOUNTS_INVITATION_DAYS = env_int("ACCOUNTS_INVITATION_DAYS", 7)
ACCOUNTS_PASSWORD_RESET_MINUTES = env_int("ACCOUNTS_PASSWORD_RESET_MINUTES", 60)
ACCOUNTS_PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env_int(
    "ACCOUNTS_PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 3
)
ACCOUNTS_PASSWORD_RESET_PER_IP_PER_HOUR = env_int("ACCOUNTS_PASSWORD_RESET_PER_IP_PER_HOUR", 20)

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Partnerhub")
WAGTAILADMIN_BASE_URL = SITE_URL
# No Gravatar: the admin's CSP allows images from 'self' only (a blocked avatar showed as a
# broken image), and a third party should not learn who signs in. Wagtail shows its default.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = False
# Staff accounts come by invitation (accounts/): the invited person chooses their own password.
# Wagtail's Users screen (the emergency superuser's only) never asks anyone to type one for them.
WAGTAILUSERS_PASSWORD_ENABLED = False
# Anonymous page responses are cached this long (purged on every publish); 0 turns it off.
HUB_PAGE_CACHE_SECONDS = env_int("HUB_PAGE_CACHE_SECONDS", 600)

LOGIN_URL = "wagtailadmin_login"
# Private pages (alerts, partner materials) send visitors to this page in the site's layout:
# staff sign in there; partners ask for their personal link (networks.partner_access).
WAGTAIL_FRONTEND_LOGIN_URL = "/partners/sign-in/"

# --- Security headers shared by every environment -------------------------------------------
# The public site gets a strict policy; Wagtail's admin still relies on inline scripts and
# styles in places, so it is given 'unsafe-inline' for those two directives only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; frame-ancestors 'self'; "
    "object-src 'none'; base-uri 'self'"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "cms.middleware.AdminCSPMiddleware"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Browser features the hub never uses, switched off for every page (and any frame in it) by
# core.middleware; an empty string sends no Permissions-Policy header.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # Django's own format for the dev server's access lines.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    # The dev server's access lines leave admin query strings out (core.access_log).
    "filters": {"hide_admin_queries": {"()": "core.access_log.HideAdminQueries"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["hide_admin_queries"],
        },
    },
}
