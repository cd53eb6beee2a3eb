"""What every strategy page shares: the process, its strategy and whether it is locked."""

from django.contrib import messages
from django.shortcuts import redirect

from strategy.services import strategy as services


def _context(process, tab: str, **extra) -> dict:
    strategy = services.strategy_for(process)
    return {
        "process": process,
        "strategy": strategy,
        "tab": tab,
        "locked": services.is_locked(strategy),
        **extra,
    }


def _saved(request, message: str, url: str):
    messages.success(request, message)
    return redirect(url)
