"""The production settings, plus a floor view for bench/api.py; used by bench only."""

from sunnemodel.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The API's throttle still counts every request (in Redis, as in production), but at a rate no
# bench client reaches: twenty devices a facilitator each, at full speed, would pass the 600 a
# minute a person is allowed.
API_RATE = "1000000/min"
