"""Neo4j's own offline dump and load (``neo4j-admin database dump|load``), run through the admin
tool's main class from the server's jars, for a server home whose server is stopped."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from graph.stores.base import StoreError

__all__ = ["admin", "dump", "load"]

MAIN = "org.neo4j.cli.AdminTool"


def admin(home: Path, lib: str | Path | None, *argv: str) -> subprocess.CompletedProcess[str]:
    java = shutil.which("java")
    if java is None:
        raise StoreError("java is needed for neo4j-admin")
    jars = Path(lib) if lib else home / "lib"
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    cp = f"{jars}/*"
    proc = subprocess.run([java, "-cp", cp, MAIN, *argv], env=env, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise StoreError(f"neo4j-admin {' '.join(argv[:2])} failed ({proc.returncode}): "
                         f"{(proc.stderr or proc.stdout).strip()[-800:]}")
    return proc


def dump(home: Path, database: str, dest: Path, lib: str | Path | None = None) -> dict[str, Any]:
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    admin(home, lib, "database", "dump", database, f"--to-path={dest}", "--overwrite-destination=true")
    f = dest / f"{database}.dump"
    f.chmod(0o600)
    return {"dump": str(f), "bytes": f.stat().st_size}


def load(home: Path, database: str, src: Path, lib: str | Path | None = None) -> dict[str, Any]:
    admin(home, lib, "database", "load", database, f"--from-path={src}", "--overwrite-destination=true")
    return {"loaded": str(src / f"{database}.dump")}
