"""ESP webhooks, mounted at /anymail/ by cms/urls.py (names as anymail's: "anymail:…")."""

from .webhooks import webhook_urlpatterns

app_name = "anymail"
urlpatterns = webhook_urlpatterns
