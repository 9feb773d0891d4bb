"""Mount each plugin's API routes and pages under ``/plugins/<name>`` (the service calls this)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MountReport", "mount_plugins", "prefix_for"]

log = logging.getLogger("mohpromt_ca.plugins")


@dataclass
class MountReport:
    mounted: list[str] = field(default_factory=list)  # prefixes
    failed: dict[str, str] = field(default_factory=dict)  # plugin name -> reason


def prefix_for(name: str) -> str:
    return f"/plugins/{name}"


def mount_plugins(app: Any, plugins: Iterable[Any]) -> MountReport:
    """Include each plugin's ``routes()`` router in ``app`` under ``/plugins/<name>``.

    ``plugins`` are plugin objects (or a :class:`~.registry.PluginRegistry`). A plugin whose
    ``routes()`` raises or returns something that is not an ``APIRouter`` is skipped and
    reported; the app and the other plugins are not affected.
    """
    from fastapi import APIRouter

    from mohpromt_ca.plugins.registry import PluginRegistry

    if isinstance(plugins, PluginRegistry):
        plugins = plugins.plugins()
    report = MountReport()
    for plugin in plugins:
        name = getattr(plugin, "name", "?")
        routes = getattr(plugin, "routes", None)
        if not callable(routes):
            continue
        before = len(app.router.routes)
        try:
            router = routes()
            if router is None:
                continue
            if not isinstance(router, APIRouter):
                raise TypeError(f"routes() returned a {type(router).__name__}, not a fastapi.APIRouter")
            app.include_router(router, prefix=prefix_for(name))
            _check_openapi(app)  # a route FastAPI cannot describe would break /api/v1/openapi.json for all
        except Exception as exc:  # noqa: BLE001 - one plugin's routes never take the app down
            del app.router.routes[before:]
            app.openapi_schema = None
            report.failed[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            log.warning("plugin %s: routes not mounted: %s", name, report.failed[name])
            continue
        report.mounted.append(prefix_for(name))
    return report


def _check_openapi(app: Any) -> None:
    app.openapi_schema = None
    try:
        app.openapi()
    finally:
        app.openapi_schema = None
