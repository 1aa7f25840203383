from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.urls import ADMIN_OVERRIDES as account_admin_urls
from cms import views as hub_views
from core.health import healthz
from sending.views.samples import sample_link

urlpatterns = [
    # Database, Redis and the background processes' heartbeats, for a load balancer or monitoring.
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every page whatever the <link rel="icon"> says.
    path("favicon.ico", hub_views.favicon, name="favicon"),
    # Sign-out and password reset of staff accounts (accounts/), before Wagtail's own.
    path("admin/", include(account_admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    # Invitations to a staff account and password reset links (accounts/): opaque tokens.
    path("account/", include("accounts.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("subscribe/", include("networks.urls")),
    # ESP tracking webhooks (anymail's views, parse-safe): /anymail/<esp>/tracking/
    path("anymail/", include("sending.urls")),
    path("search/", hub_views.search, name="search"),
    # Feedback and tension reports: Django views, mounted before Wagtail's page serving.
    path("report/", include("alerts.urls")),
    # Personal RSVP links of event invitations (events/): signed tokens, no login.
    path("rsvp/", include("events.urls")),
    # Links in previews and test emails (signed by the sending engine): "this is a sample".
    path("sample-link/<str:token>/", sample_link, name="sample_link"),
    # Partner-only pages for contacts without an account: personal links, sign-in (networks/).
    path("partners/", include("networks.partner_urls")),
    # Partner returns through personal links, and the partner-only action plan (returns/).
    path("returns/", include("returns.urls")),
    # Training certificates (a personal link and the public verify page) and the impact
    # questionnaire's personal link (learning/).
    path("training/", include("learning.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it goes last.
urlpatterns += [path("", include(wagtail_urls))]
