"""The production settings, plus a floor view for bench/api.py; used by bench only."""

from sunnemodel.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
