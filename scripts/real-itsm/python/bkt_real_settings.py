# Django settings for running the real bk-itsm under test (DJANGO_SETTINGS_MODULE=bkt_real_settings).
#
# bk-itsm's own settings (settings.py -> config.dev, as upstream CI runs it), then what
# ../shared/reference/real-itsm.md step 3 adds in a local_settings.py. Kept outside the source tree
# so that BK_ITSM_SRC may be any checkout, read-only included. Everything comes from the
# environment that real-itsm.mjs sets.
import os

from settings import *  # noqa: F401,F403  (bk-itsm's settings.py, on PYTHONPATH)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": os.environ["BK_MYSQL_NAME"],
        "USER": os.environ["BK_MYSQL_USER"],
        "PASSWORD": os.environ["BK_MYSQL_PASSWORD"],
        "HOST": os.environ["BK_MYSQL_HOST"],
        "PORT": os.environ["BK_MYSQL_PORT"],
        # As upstream CI's local_settings.py: utf8 (three bytes), so an emoji is refused.
        "OPTIONS": {"charset": "utf8"},
        "COLLATION": "utf8_general_ci",
        "TEST": {"NAME": os.environ.get("BK_MYSQL_TEST_NAME"), "CHARSET": "utf8", "COLLATION": "utf8_general_ci"},
    },
}
BK_IAM_SKIP = True
USE_IAM = False

# The project's own switch that skips the API gateway's JWT check: the doors in front are the
# local server's (tests/server/doors.mjs), and they authenticate.
BK_APIGW_REQUIRE_EXEMPT = True

# config/dev.py hard-codes the broker to localhost:6379; ours runs on its own port.
BROKER_URL = "redis://{}:{}/0".format(os.environ["BKAPP_REDIS_HOST"], os.environ["BKAPP_REDIS_PORT"])
CELERY_ALWAYS_EAGER = True
CELERY_TASK_ALWAYS_EAGER = True

ALLOWED_HOSTS = ["*"]
