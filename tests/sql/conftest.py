"""A real PostgreSQL server for the SQL-source tests: the one named by
JOURNEYMAP_TEST_POSTGRES_URL, or a private one started here from the
installed PostgreSQL (Debian's postgresql package; .ci/run installs it) in a
temporary folder, on a free port, with password authentication over TCP.
Run as root (as CI does), the server runs as the postgres user."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile

import pytest

ROLE, PASSWORD, DATABASE = "jm", "s3cret-Pw", "journeys"


def _binaries():
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(versions[-1]) if versions else None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres():
    """(URL with the password, the same URL's parts) of a running server."""
    given = os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bin_dir = _binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed here (.ci/run installs Debian's postgresql)")
    folder = tempfile.mkdtemp(prefix="jm-pg-")
    as_user = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = os.path.join(folder, "data"), _free_port()

    def run(*command):
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)
    pwfile = os.path.join(folder, "pw")
    with open(pwfile, "w") as fh:
        fh.write("postgres-admin\n")
    if as_user:
        shutil.chown(pwfile, "postgres", "postgres")
    run(f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
        f"--pwfile={pwfile}")
    run(f"{bin_dir}/pg_ctl", "-D", data, "-l", os.path.join(folder, "log"), "-w", "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start")
    try:
        psql = [*as_user, f"{bin_dir}/psql", "-h", folder, "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
        subprocess.run([*psql, "-c", f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'"], check=True,
                       capture_output=True)
        subprocess.run([*psql, "-c", f"CREATE DATABASE {DATABASE} OWNER {ROLE}"], check=True, capture_output=True)
        yield f"postgresql+psycopg://{ROLE}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run([*as_user, f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
