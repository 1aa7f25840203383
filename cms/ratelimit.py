"""Rate limits for public forms: moved to `core.ratelimit` (shared by every app); kept here so
existing imports keep working."""

from core.ratelimit import address_hit, client_ip, hit, increment, ip_key

__all__ = ["address_hit", "client_ip", "hit", "increment", "ip_key"]
