#!/usr/bin/env python3
"""Run a local Neo4j 5.26 Community server without Docker.

The server jars are fetched from Maven Central with ``mvn`` (see
``scripts/neo4j-pom/pom.xml``) and the server is launched directly with
``java -cp "LIB/*" org.neo4j.server.CommunityEntryPoint``.

Module use (stdlib + the ``neo4j`` driver only)::

    from neo4j_server import start, stop
    info = start(home="/tmp/x")          # -> ServerInfo(uri=..., password=...)
    ...
    stop(info)

Command line::

    python scripts/neo4j_server.py start [--home DIR] [--heap 4g --pagecache 8g]
    python scripts/neo4j_server.py env   [--home DIR]   # eval "$(... env)"
    python scripts/neo4j_server.py status [--home DIR]
    python scripts/neo4j_server.py stop  [--home DIR]
    python scripts/neo4j_server.py run-tests-env [--home DIR] [-- CMD ...]

Layout of a server home (default ``~/.cache/retrace/neo4j/server``)::

    conf/neo4j.conf     regenerated on every start
    data/ logs/ run/    Neo4j directories (logs/neo4j.log, logs/debug.log)
    logs/console.log    JVM stdout/stderr
    password            generated password (mode 0600)
    neo4j.pid           pid of the java process
    server.json         ports and memory settings of the last start
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

NEO4J_VERSION = "5.26.23"
POM_PATH = Path(__file__).resolve().parent / "neo4j-pom" / "pom.xml"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
INITIAL_PASSWORD = "neo4j"  # Neo4j's built-in initial password (must be changed)
INSTALL_HINT = "apt-get install -y openjdk-17-jre-headless maven"
LOG_TAIL_LINES = 40
STOP_TIMEOUT = 60.0


def _default_cache_dir() -> Path:
    env = os.environ.get("RETRACE_NEO4J_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(base).expanduser() / "retrace" / "neo4j"


DEFAULT_CACHE_DIR = _default_cache_dir()
DEFAULT_HOME = DEFAULT_CACHE_DIR / "server"

# JVM flags. Launching CommunityEntryPoint directly bypasses the `neo4j` launcher,
# so `server.jvm.additional` from neo4j.conf is never read; these mirror the
# defaults shipped in the 5.26 neo4j.conf (the --add-opens are what silences
# "Reflection access to java.nio.DirectByteBuffer is not available").
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)

_MEMORY_RE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")

# Popen objects for servers started by this Python process (lets stop() reap them).
_CHILDREN: dict[int, subprocess.Popen] = {}


class Neo4jSetupError(RuntimeError):
    """java/mvn missing or the jar download failed."""


class Neo4jStartError(RuntimeError):
    """The server did not come up (process exited or timed out)."""


@dataclass
class ServerInfo:
    uri: str
    user: str
    password: str = field(repr=False)
    database: str = DEFAULT_DATABASE
    pid: int | None = None
    home: Path | None = None
    log_path: Path | None = None  # console.log (JVM stdout/stderr)
    bolt_port: int | None = None
    http_port: int | None = None

    @property
    def neo4j_log_path(self) -> Path | None:
        return self.home / "logs" / "neo4j.log" if self.home else None

    def env(self) -> dict[str, str]:
        return {
            "RETRACE_NEO4J_URI": self.uri,
            "RETRACE_NEO4J_USER": self.user,
            "RETRACE_NEO4J_PASSWORD": self.password,
            "RETRACE_NEO4J_DATABASE": self.database,
        }

    def export_lines(self) -> str:
        return "".join(f"export {k}={shlex.quote(v)}\n" for k, v in self.env().items())


@dataclass
class ServerStatus:
    home: Path
    running: bool  # java process alive
    answering: bool  # Bolt answered RETURN 1 with the stored password
    pid: int | None = None
    info: ServerInfo | None = None
    detail: str = ""


# --------------------------------------------------------------------------- helpers


def _log(msg: str) -> None:
    print(f"[neo4j] {msg}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tail(path: Path, n: int = LOG_TAIL_LINES) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return "".join(deque(fh, maxlen=n))
    except OSError:
        return ""


def _log_report(home: Path) -> str:
    parts = []
    for name in ("console.log", "neo4j.log"):
        p = home / "logs" / name
        text = _tail(p).rstrip()
        parts.append(f"--- last {LOG_TAIL_LINES} lines of {p} ---\n{text or '(empty or missing)'}")
    debug = home / "logs" / "debug.log"
    try:
        with open(debug, encoding="utf-8", errors="replace") as fh:
            problems = deque((ln for ln in fh if " ERROR " in ln or " WARN " in ln), maxlen=10)
    except OSError:
        problems = deque()
    if problems:
        parts.append(f"--- last WARN/ERROR lines of {debug} ---\n{''.join(problems).rstrip()}")
    return "\n".join(parts)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _resolve_home(home: str | os.PathLike | None) -> Path:
    return Path(home).expanduser().resolve() if home is not None else DEFAULT_HOME.resolve()


def _check_memory(name: str, value: str) -> str:
    value = str(value).strip()
    if not _MEMORY_RE.match(value):
        raise ValueError(f"{name} must look like 512m / 1g / 4g, got {value!r}")
    return value.lower()


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _proc_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _pid_alive(pid: int) -> bool:
    proc = _CHILDREN.get(pid)
    if proc is not None:
        return proc.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if _proc_state(pid) == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True


def _is_our_server(pid: int, home: Path) -> bool:
    """True if pid is a live Neo4j java process for this home (guards against pid reuse)."""
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no procfs (macOS): trust the pid file
    except OSError:
        return True
    args = [a.decode(errors="replace") for a in cmdline]
    return MAIN_CLASS in args and f"--home-dir={home}" in args


def _read_pid(home: Path) -> int | None:
    try:
        return int((home / "neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _read_state(home: Path) -> dict:
    try:
        return json.loads((home / "server.json").read_text())
    except (OSError, ValueError):
        return {}


def _read_password(home: Path) -> str | None:
    try:
        return (home / "password").read_text().strip() or None
    except OSError:
        return None


def _info_from_home(home: Path, pid: int | None) -> ServerInfo | None:
    state = _read_state(home)
    password = _read_password(home)
    if not state.get("bolt_port") or password is None:
        return None
    return ServerInfo(
        uri=f"bolt://127.0.0.1:{state['bolt_port']}",
        user=DEFAULT_USER,
        password=password,
        database=DEFAULT_DATABASE,
        pid=pid,
        home=home,
        log_path=home / "logs" / "console.log",
        bolt_port=state["bolt_port"],
        http_port=state.get("http_port"),
    )


def _import_driver():
    try:
        import neo4j  # noqa: F401
        from neo4j import GraphDatabase
    except ImportError as exc:  # pragma: no cover
        raise Neo4jSetupError("the Python 'neo4j' driver is required: pip install 'neo4j>=5'") from exc
    return GraphDatabase


def _driver(uri: str, user: str, password: str):
    GraphDatabase = _import_driver()
    return GraphDatabase.driver(
        uri,
        auth=(user, password),
        connection_timeout=3.0,
        connection_acquisition_timeout=10.0,
        max_connection_pool_size=2,
    )


def _ping(uri: str, user: str, password: str, database: str) -> str:
    """Run RETURN 1 on `database`; returns the server agent string."""
    with _driver(uri, user, password) as drv, drv.session(database=database) as session:
        summary = session.run("RETURN 1 AS ok").consume()
        return summary.server.agent


def _set_initial_password(uri: str, new_password: str) -> None:
    with _driver(uri, DEFAULT_USER, INITIAL_PASSWORD) as drv, drv.session(database="system") as session:
        session.run(
            "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
            old=INITIAL_PASSWORD,
            new=new_password,
        ).consume()


# --------------------------------------------------------------------------- java / maven


def find_java() -> str:
    """Path of a Java >= 17 executable (JAVA_HOME first, then PATH)."""
    candidates = []
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidates.append(str(Path(java_home) / "bin" / "java"))
    which = shutil.which("java")
    if which:
        candidates.append(which)
    java = next((c for c in candidates if os.access(c, os.X_OK)), None)
    if java is None:
        raise Neo4jSetupError(
            "java not found (checked $JAVA_HOME/bin/java and PATH). Neo4j 5.26 needs Java 17 or 21; "
            f"install it with: {INSTALL_HINT}"
        )
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise Neo4jSetupError(f"could not run {java} -version: {exc}") from exc
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m:
        major = int(m.group(1))
        if major == 1 and m.group(2):
            major = int(m.group(2))
        if major < 17:
            raise Neo4jSetupError(
                f"{java} is Java {major}; Neo4j 5.26 needs Java 17 or 21. Install with: {INSTALL_HINT} "
                "(and/or point JAVA_HOME at it)"
            )
        if major not in (17, 21):
            _log(f"warning: {java} is Java {major}; Neo4j 5.26 supports Java 17 and 21")
    return java


def _find_mvn() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jSetupError(
            "mvn (Apache Maven) not found on PATH; it is needed once to download the Neo4j jars. "
            f"Install it with: {INSTALL_HINT}"
        )
    return mvn


def _lib_complete(lib: Path, pom_hash: str) -> bool:
    try:
        return (lib / ".complete").read_text().strip() == pom_hash and any(lib.glob("*.jar"))
    except OSError:
        return False


def ensure_jars(cache_dir: str | os.PathLike | None = None) -> Path:
    """Return a folder with all Neo4j server jars, downloading them with Maven if needed.

    The folder is ``<cache_dir>/lib-<version>`` and holds a ``.complete`` marker with
    the SHA-256 of the pom; it is written only after Maven succeeded, and the folder
    is swapped in atomically, so an interrupted or failed download is simply retried
    and an edited pom triggers a fresh download.
    """
    cache = Path(cache_dir).expanduser() if cache_dir is not None else DEFAULT_CACHE_DIR
    lib = cache / f"lib-{NEO4J_VERSION}"
    pom_hash = _sha256(POM_PATH)
    if _lib_complete(lib, pom_hash):
        return lib
    mvn = _find_mvn()
    cache.mkdir(parents=True, exist_ok=True)
    with _file_lock(cache / ".lib.lock"):
        if _lib_complete(lib, pom_hash):  # another process finished meanwhile
            return lib
        for stale in cache.glob(f".lib-{NEO4J_VERSION}.partial-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = cache / f".lib-{NEO4J_VERSION}.partial-{os.getpid()}"
        cmd = [
            mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(POM_PATH),
            "dependency:copy-dependencies", f"-DoutputDirectory={tmp}",
        ]
        _log(f"downloading Neo4j {NEO4J_VERSION} jars with Maven into {lib} (first run only, ~120 MB)")
        t0 = time.monotonic()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(POM_PATH.parent))
            if proc.returncode != 0:
                out = (proc.stdout + proc.stderr).strip().splitlines()
                raise Neo4jSetupError(
                    f"Maven failed (exit {proc.returncode}): {shlex.join(cmd)}\n" + "\n".join(out[-LOG_TAIL_LINES:])
                )
            if not (tmp / f"neo4j-{NEO4J_VERSION}.jar").exists():
                raise Neo4jSetupError(f"Maven succeeded but neo4j-{NEO4J_VERSION}.jar is missing in {tmp}")
            (tmp / ".complete").write_text(pom_hash + "\n")
            if lib.exists():
                old = cache / f".lib-{NEO4J_VERSION}.old-{os.getpid()}"
                os.rename(lib, old)
                shutil.rmtree(old, ignore_errors=True)
            os.rename(tmp, lib)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        _log(f"downloaded {len(list(lib.glob('*.jar')))} jars in {time.monotonic() - t0:.1f}s")
    return lib


# --------------------------------------------------------------------------- server control


def _write_conf(home: Path, bolt_port: int, http_port: int, heap: str, pagecache: str) -> None:
    conf = f"""\
# Generated by scripts/neo4j_server.py on every start; edits are overwritten.
# NOTE: server.jvm.additional is NOT read (java is launched directly); JVM flags
# live in JVM_FLAGS in neo4j_server.py.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:{bolt_port}
server.bolt.advertised_address=127.0.0.1:{bolt_port}
server.http.enabled=true
server.http.listen_address=127.0.0.1:{http_port}
server.http.advertised_address=127.0.0.1:{http_port}
server.https.enabled=false

server.memory.heap.initial_size={heap}
server.memory.heap.max_size={heap}
server.memory.pagecache.size={pagecache}

dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
db.tx_log.rotation.retention_policy=false
# There is no server.logs.debug.level in Neo4j 5 (rejected by strict validation);
# conf/server-logs.xml is absent, so Neo4j's embedded default-server-logs.xml
# (debug.log at INFO) is used.

server.directories.data={home / "data"}
server.directories.logs={home / "logs"}
server.directories.run={home / "run"}
server.directories.import={home / "import"}
server.directories.plugins={home / "plugins"}
"""
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(conf)


def _wait_ready(
    info: ServerInfo,
    proc: subprocess.Popen | None,
    timeout: float,
) -> str:
    """Block until Bolt answers with the stored password; set the initial password first if needed."""
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    home = info.home
    assert home is not None and info.pid is not None
    marker = home / ".password-set"
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        alive = proc.poll() is None if proc is not None else _pid_alive(info.pid)
        if not alive:
            code = f" with code {proc.returncode}" if proc is not None else ""
            raise Neo4jStartError(f"Neo4j (pid {info.pid}) exited{code} during startup.\n{_log_report(home)}")
        if time.monotonic() > deadline:
            raise Neo4jStartError(
                f"Neo4j (pid {info.pid}) did not answer on {info.uri} within {timeout:.0f}s "
                f"(last error: {last_error!r}).\n{_log_report(home)}"
            )
        try:
            if not marker.exists():
                try:
                    _set_initial_password(info.uri, info.password)
                except AuthError:
                    # Default password rejected: it was already changed (e.g. an earlier
                    # start died after ALTER USER but before writing the marker).
                    _ping(info.uri, info.user, info.password, "system")
                marker.touch()
            return _ping(info.uri, info.user, info.password, info.database)
        except AuthError as exc:
            raise Neo4jStartError(
                f"Neo4j at {info.uri} rejected the stored password in {home / 'password'}: {exc}. "
                f"Stop the server and delete {home} to start from scratch."
            ) from exc
        except (DriverError, Neo4jError, OSError) as exc:
            last_error = exc  # not listening yet / database still starting
        time.sleep(0.5)


def _spawn(java: str, lib: Path, home: Path, heap: str) -> subprocess.Popen:
    logs = home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    console_log = logs / "console.log"
    if console_log.exists():  # keep one previous run; error reports show only this run
        os.replace(console_log, logs / "console.log.1")
    cmd = [
        java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS,
        "-cp", f"{lib}/*", MAIN_CLASS, f"--home-dir={home}", f"--config-dir={home / 'conf'}",
    ]
    with open(console_log, "ab") as console:
        console.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} {shlex.join(cmd)}\n".encode())
        console.flush()
        proc = subprocess.Popen(
            cmd,
            cwd=str(home),
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # survives Ctrl-C of the launching shell / CLI exit
        )
    _CHILDREN[proc.pid] = proc
    return proc


def start(
    home: str | os.PathLike | None = None,
    bolt_port: int | None = None,
    http_port: int | None = None,
    heap: str = "1g",
    pagecache: str = "1g",
    timeout: float = 180,
    cache_dir: str | os.PathLike | None = None,
) -> ServerInfo:
    """Start (or reuse) the Neo4j server in `home` and wait until Bolt answers.

    Idempotent: if a server for `home` is already running, waits for it to answer
    and returns its info. Raises Neo4jSetupError (java/mvn missing, download failed)
    or Neo4jStartError (process exited / timeout; message holds the log tails).
    """
    home = _resolve_home(home)
    heap = _check_memory("heap", heap)
    pagecache = _check_memory("pagecache", pagecache)
    if not home.exists():
        home.mkdir(parents=True, mode=0o700)
    with _file_lock(home / ".lock"):
        pid = _read_pid(home)
        if pid is not None and _is_our_server(pid, home):
            info = _info_from_home(home, pid)
            if info is None:
                raise Neo4jStartError(f"Neo4j pid {pid} runs in {home} but server.json/password are missing")
            _wait_ready(info, _CHILDREN.get(pid), timeout)
            return info
        (home / "neo4j.pid").unlink(missing_ok=True)

        java = find_java()
        lib = ensure_jars(cache_dir)
        password = _read_password(home)
        if password is None:
            password = secrets.token_urlsafe(24)
            _write_private(home / "password", password + "\n")
            (home / ".password-set").unlink(missing_ok=True)
        else:
            os.chmod(home / "password", 0o600)

        previous = _read_state(home)
        auto_ports = bolt_port is None or http_port is None
        attempts = 3 if auto_ports else 1
        for attempt in range(1, attempts + 1):
            b, h = _choose_ports(bolt_port, http_port, previous if attempt == 1 else {})
            _write_conf(home, b, h, heap, pagecache)
            t0 = time.monotonic()
            proc = _spawn(java, lib, home, heap)
            (home / "neo4j.pid").write_text(f"{proc.pid}\n")
            state = {
                "version": NEO4J_VERSION, "pid": proc.pid, "bolt_port": b, "http_port": h,
                "heap": heap, "pagecache": pagecache, "lib": str(lib), "started_at": time.time(),
            }
            (home / "server.json").write_text(json.dumps(state, indent=2) + "\n")
            info = _info_from_home(home, proc.pid)
            assert info is not None
            try:
                agent = _wait_ready(info, proc, timeout)
            except Neo4jStartError as exc:
                _stop_pid(proc.pid, home, quiet=True)
                (home / "neo4j.pid").unlink(missing_ok=True)
                if attempt < attempts and "already in use" in str(exc).lower():
                    _log(f"port clash on {b}/{h}, retrying with other ports")
                    continue
                raise
            _log(f"{agent} ready on {info.uri} (http 127.0.0.1:{h}) after {time.monotonic() - t0:.1f}s, pid {proc.pid}")
            return info
    raise AssertionError("unreachable")


def _choose_ports(bolt: int | None, http: int | None, previous: dict) -> tuple[int, int]:
    if bolt is None:
        prev = previous.get("bolt_port")
        bolt = prev if prev and prev != http and _port_free(prev) else None
    if http is None:
        prev = previous.get("http_port")
        http = prev if prev and prev != bolt and _port_free(prev) else None
    free = iter(p for p in _free_ports(4) if p not in (bolt, http))
    bolt = bolt or next(free)
    http = http or next(free)
    if bolt == http:
        raise ValueError("bolt_port and http_port must differ")
    return bolt, http


def _stop_pid(pid: int, home: Path, timeout: float = STOP_TIMEOUT, quiet: bool = False) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            break
        time.sleep(0.2)
    else:
        if not quiet:
            _log(f"pid {pid} did not exit {timeout:.0f}s after SIGTERM; sending SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        for _ in range(50):
            if not _pid_alive(pid):
                break
            time.sleep(0.1)
    proc = _CHILDREN.pop(pid, None)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


def stop(info_or_home: ServerInfo | str | os.PathLike | None = None, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the server (SIGTERM, then SIGKILL after `timeout` s). Returns True if one was running."""
    if isinstance(info_or_home, ServerInfo):
        if info_or_home.home is None:
            raise ValueError("this ServerInfo describes an external server (no home); nothing to stop")
        home = _resolve_home(info_or_home.home)
    else:
        home = _resolve_home(info_or_home)
    pid = _read_pid(home)
    stopped = False
    if pid is not None and _is_our_server(pid, home):
        t0 = time.monotonic()
        _stop_pid(pid, home, timeout)
        stopped = True
        _log(f"stopped Neo4j pid {pid} in {time.monotonic() - t0:.1f}s")
    (home / "neo4j.pid").unlink(missing_ok=True)
    return stopped


def status(home: str | os.PathLike | None = None) -> ServerStatus:
    home = _resolve_home(home)
    pid = _read_pid(home)
    if pid is None or not _is_our_server(pid, home):
        detail = "not running" if pid is None else f"not running (stale pid file: {pid})"
        return ServerStatus(home=home, running=False, answering=False, pid=None, detail=detail)
    info = _info_from_home(home, pid)
    if info is None:
        return ServerStatus(home, True, False, pid, None, "running, but server.json/password missing")
    try:
        agent = _ping(info.uri, info.user, info.password, info.database)
    except Exception as exc:
        return ServerStatus(home, True, False, pid, info, f"running, not answering: {exc}")
    return ServerStatus(home, True, True, pid, info, f"running, {agent}")


# --------------------------------------------------------------------------- CLI


def _cmd_start(args) -> int:
    info = start(
        home=args.home, bolt_port=args.bolt_port, http_port=args.http_port,
        heap=args.heap, pagecache=args.pagecache, timeout=args.timeout,
    )
    sys.stdout.write(info.export_lines())
    return 0


def _cmd_stop(args) -> int:
    if not stop(args.home):
        _log(f"no running server in {_resolve_home(args.home)}")
    return 0


def _cmd_status(args) -> int:
    st = status(args.home)
    print(f"home:   {st.home}")
    print(f"status: {st.detail}")
    if st.pid:
        print(f"pid:    {st.pid}")
    if st.info:
        print(f"uri:    {st.info.uri}")
        if st.info.http_port:
            print(f"http:   http://127.0.0.1:{st.info.http_port}")
        print(f"logs:   {st.home / 'logs'}")
    return 0 if st.answering else (1 if st.running else 3)


def _cmd_env(args) -> int:
    st = status(args.home)
    if not st.answering or st.info is None:
        _log(f"no answering server in {st.home} ({st.detail}); run: scripts/neo4j start")
        return 1
    sys.stdout.write(st.info.export_lines())
    return 0


def _cmd_run_tests_env(args) -> int:
    cmd = list(args.cmd)
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    if not cmd:
        cmd = [sys.executable, "-m", "pytest", "-q"]
    temp_home = None
    if args.home is None:
        temp_home = tempfile.mkdtemp(prefix="retrace-neo4j-")
        home: str | Path = temp_home
        started_here = True
    else:
        home = args.home
        started_here = not status(home).running
    try:
        info = start(home=home, heap=args.heap, pagecache=args.pagecache, timeout=args.timeout)
        # tests/conftest.py ignores RETRACE_NEO4J_* (a developer's database) and reads
        # RETRACE_TEST_NEO4J_* instead; export both for this disposable server.
        test_env = {k.replace("RETRACE_NEO4J_", "RETRACE_TEST_NEO4J_"): v for k, v in info.env().items()}
        env = dict(os.environ, **info.env(), **test_env, RETRACE_REQUIRE_NEO4J="1")
        _log(f"running: {shlex.join(cmd)}")
        return subprocess.call(cmd, env=env)
    finally:
        if started_here:
            stop(home)
        if temp_home:
            shutil.rmtree(temp_home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="neo4j_server.py",
        description=f"Local Neo4j {NEO4J_VERSION} Community server for Retrace (no Docker).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add_home(p):
        p.add_argument("--home", default=None, help=f"server home (default: {DEFAULT_HOME})")

    def add_mem(p):
        p.add_argument("--heap", default="1g", help="JVM heap, -Xms=-Xmx (default 1g)")
        p.add_argument("--pagecache", default="1g", help="page cache size (default 1g)")
        p.add_argument("--timeout", type=float, default=180, help="seconds to wait for Bolt (default 180)")

    p = sub.add_parser("start", help="start the server (idempotent) and print export lines")
    add_home(p)
    add_mem(p)
    p.add_argument("--bolt-port", type=int, default=None, help="default: previous or a free port")
    p.add_argument("--http-port", type=int, default=None, help="default: previous or a free port")
    p.set_defaults(func=_cmd_start)

    p = sub.add_parser("stop", help="stop the server (SIGTERM, SIGKILL after 60s)")
    add_home(p)
    p.set_defaults(func=_cmd_stop)

    p = sub.add_parser("status", help="show status; exit 0 answering, 1 running but not answering, 3 stopped")
    add_home(p)
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser("env", help="print `export RETRACE_NEO4J_...` lines for the running server")
    add_home(p)
    p.set_defaults(func=_cmd_env)

    p = sub.add_parser(
        "run-tests-env",
        help="run CMD (default: python -m pytest -q) against a throwaway server",
        description="Start a throwaway server in a temp dir (or use/start the one in --home), run CMD "
        "with RETRACE_NEO4J_*, RETRACE_TEST_NEO4J_* and RETRACE_REQUIRE_NEO4J=1 exported, then stop "
        "the server if this command started it. Exit status is CMD's. NOTE: the tests wipe the "
        "database, so only pass --home for a server whose data you do not need.",
    )
    p.add_argument("--home", default=None, help="use this home instead of a throwaway temp dir")
    add_mem(p)
    p.add_argument("cmd", nargs=argparse.REMAINDER, help="command to run, after --")
    p.set_defaults(func=_cmd_run_tests_env)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (Neo4jSetupError, Neo4jStartError, ValueError) as exc:
        _log(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
