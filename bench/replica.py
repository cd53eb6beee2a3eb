"""A real PostgreSQL streaming replica of this machine's PostgreSQL, for a bench or a test.

`streaming_replica()` makes a hot standby of the running primary (127.0.0.1:5432) in a
temporary directory: `pg_basebackup -R` (which writes standby.signal and primary_conninfo),
a postgresql.conf and pg_hba.conf of its own, started with `pg_ctl` as the postgres user on a
free port (5433 if free), and stopped and removed afterwards. The primary must let the
postgres user replicate from 127.0.0.1; `allow_replication()` adds that line to its pg_hba.conf
if it is missing (trust, like its other loopback lines) and reloads it.

Needs root (it runs pg_ctl through runuser) or the postgres user itself.

    .venv/bin/python bench/replica.py      # make one, show it streams and can be paused, remove it
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PRIMARY_HOST = "127.0.0.1"
PRIMARY_PORT = int(os.environ.get("REPLICA_PRIMARY_PORT", "5432"))
HBA_LINE = "host replication postgres 127.0.0.1/32 trust"
# The settings a hot standby must hold at least as high as its primary.
MATCHED = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class ReplicaUnavailable(RuntimeError):
    """This machine cannot make a replica (not root nor postgres, no PostgreSQL tools)."""


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version in sorted(Path("/usr/lib/postgresql").glob("*"), reverse=True):
        candidate = version / "bin" / name
        if candidate.exists():
            return str(candidate)
    raise ReplicaUnavailable(f"{name} is not installed")


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def primary_sql(sql: str, port: int = PRIMARY_PORT, database: str = "postgres") -> str:
    return subprocess.run(
        [_bin("psql"), "-h", PRIMARY_HOST, "-p", str(port), "-U", "postgres", "-d", database,
         "-Atc", sql],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def usable() -> str | None:
    """Why a replica cannot be made here, or None when it can."""
    if os.geteuid() != 0:
        import pwd

        if pwd.getpwuid(os.geteuid()).pw_name != "postgres":
            return "making a replica needs root or the postgres user (pg_ctl runs as postgres)"
    try:
        for name in ("pg_basebackup", "pg_ctl", "psql"):
            _bin(name)
        primary_sql("SELECT 1")
    except (ReplicaUnavailable, subprocess.CalledProcessError) as error:
        return f"no PostgreSQL to replicate: {error}"
    return None


def cluster_bytes() -> int:
    """What pg_basebackup copies: every database of the primary."""
    return int(primary_sql("SELECT sum(pg_database_size(datname)) FROM pg_database"))


def allow_replication() -> None:
    """Let the postgres user replicate from 127.0.0.1, if the primary does not already."""
    if (
        primary_sql(
            "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) "
            "AND type = 'host' AND address = '127.0.0.1' AND error IS NULL"
        )
        != "0"
    ):
        return
    hba = Path(primary_sql("SHOW hba_file"))
    with hba.open("a") as file:
        file.write(f"\n# Streaming replicas on this machine (bench/replica.py)\n{HBA_LINE}\n")
    primary_sql("SELECT pg_reload_conf()")
    time.sleep(0.5)


def free_port(preferred: int = 5433) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise ReplicaUnavailable("no free port")


@dataclass
class Replica:
    directory: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, sql: str, database: str = "postgres") -> str:
        return primary_sql(sql, port=self.port, database=database)

    def pause(self) -> None:
        """Stop replaying the primary's changes: the replica falls behind as it would under
        load or a slow network, and stays so until resume()."""
        self.sql("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        self.sql("SELECT pg_wal_replay_resume()")

    def lag_bytes(self) -> int:
        """How far the replica's replay is behind the primary's WAL, in bytes."""
        primary = primary_sql("SELECT pg_current_wal_lsn()")
        return int(self.sql(f"SELECT pg_wal_lsn_diff('{primary}', pg_last_wal_replay_lsn())"))

    def catch_up(self, seconds: float = 30) -> float:
        """Wait until the replica has replayed all the primary has written; the wait."""
        start = time.monotonic()
        target = primary_sql("SELECT pg_current_wal_lsn()")
        while time.monotonic() - start < seconds:
            if self.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'") == "t":
                return time.monotonic() - start
            time.sleep(0.05)
        raise TimeoutError(f"the replica did not reach {target} in {seconds} s")


def _configure(directory: Path, port: int) -> None:
    matched = {name: primary_sql(f"SHOW {name}") for name in MATCHED}
    lines = [
        f"port = {port}",
        "listen_addresses = '127.0.0.1'",
        f"unix_socket_directories = '{directory}'",
        "hot_standby = on",
        "shared_buffers = 32MB",
        "fsync = off",  # a throwaway copy: nothing here outlives the run
        "logging_collector = off",
        *(f"{name} = {value}" for name, value in matched.items()),
    ]
    (directory / "postgresql.conf").write_text("\n".join(lines) + "\n")
    (directory / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (directory / "pg_ident.conf").write_text("")


@contextlib.contextmanager
def streaming_replica(port: int | None = None):
    """A hot standby of the primary, streaming, for the duration of the block."""
    reason = usable()
    if reason:
        raise ReplicaUnavailable(reason)
    allow_replication()
    port = port or free_port()
    parent = Path(tempfile.mkdtemp(prefix="sunnemodel-replica-"))
    directory = parent / "data"
    os.chmod(parent, 0o755)  # noqa: S103 (the postgres user reads it)
    if os.geteuid() == 0:
        shutil.chown(parent, "postgres", "postgres")
    started = False
    try:
        _as_postgres(
            [_bin("pg_basebackup"), "-h", PRIMARY_HOST, "-p", str(PRIMARY_PORT), "-U",
             "postgres", "-D", str(directory), "-R", "-X", "stream", "-c", "fast"],
            timeout=600,
        )  # fmt: skip
        _configure(directory, port)
        if os.geteuid() == 0:
            for path in directory.glob("*.conf"):
                shutil.chown(path, "postgres", "postgres")
        _as_postgres(
            [_bin("pg_ctl"), "-D", str(directory), "-l", str(parent / "log"), "-w", "-t", "60",
             "start"],
            timeout=90,
        )  # fmt: skip
        started = True
        replica = Replica(directory=directory, port=port)
        replica.catch_up()
        yield replica
    except subprocess.CalledProcessError as error:
        log = (parent / "log").read_text()[-2000:] if (parent / "log").exists() else ""
        raise ReplicaUnavailable(f"{error.cmd[0:3]}: {error.stderr}\n{log}") from error
    finally:
        if started:
            _as_postgres([_bin("pg_ctl"), "-D", str(directory), "-m", "immediate", "stop"])
        shutil.rmtree(parent, ignore_errors=True)


def main() -> None:
    start = time.monotonic()
    with streaming_replica() as replica:
        made = time.monotonic() - start
        print(f"replica on port {replica.port} in {made:.1f} s ({cluster_bytes() / 1e6:.0f} MB)")
        print("  in recovery:", replica.sql("SELECT pg_is_in_recovery()"))
        print("  streaming from:", replica.sql("SELECT sender_host || ':' || sender_port "
                                              "FROM pg_stat_wal_receiver"))  # fmt: skip
        primary_sql("CREATE TABLE IF NOT EXISTS replica_probe (n int)")
        primary_sql("INSERT INTO replica_probe VALUES (1)")
        print(f"  a row written on the primary is on the replica after {replica.catch_up():.3f} s")
        replica.pause()
        primary_sql("INSERT INTO replica_probe VALUES (2)")
        time.sleep(0.5)
        count = "SELECT count(*) FROM replica_probe"
        on_primary, on_replica = primary_sql(count), replica.sql(count)
        print(
            f"  paused: rows on the primary {on_primary}, on the replica {on_replica}, "
            f"{replica.lag_bytes()} bytes behind"
        )
        replica.resume()
        print(f"  resumed: caught up after {replica.catch_up():.3f} s")
        primary_sql("DROP TABLE replica_probe")
    print(f"removed; {time.monotonic() - start:.1f} s in all")


if __name__ == "__main__":
    main()
