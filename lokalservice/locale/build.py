"""Build hook (hatchling): compile the Swedish catalogue to .mo, so that the repository holds no generated file.

For a wheel the .mo is written into the source tree (where an editable install reads it; .gitignore
keeps it out of git) and force-included into the wheel."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        spec = importlib.util.spec_from_file_location("catalogue", Path(__file__).with_name("catalogue.py"))
        assert spec is not None and spec.loader is not None
        catalogue = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogue)
        target = catalogue.compile_mo()
        build_data["force_include"][str(target)] = "lokalservice/locale/sv/LC_MESSAGES/lokalservice.mo"
