"""Run the replicated set-up on this machine: N app replicas behind nginx, on loopback.

    python deploy/run_replicas.py                       # 2 replicas, PostgreSQL, data/ copy
    python deploy/run_replicas.py --replicas 3 --s3     # data in a local S3 server (moto)

Starts, in order: a PostgreSQL cluster (scripts/ci_postgres.sh) unless
``--database-url`` or ``PMDASH_DATABASE_URL`` names one; a moto S3 server when
``--s3`` is given; N ``streamlit run serve.py`` replicas sharing that database and
one data location; nginx (deploy/nginx.conf.template) with basic auth, sticky
sessions and websocket proxying. The replicas share one ``PMDASH_HEALTH_TOKEN``
(``--health-token``, else a random one): ``/health`` shows its details (which
replica, the database) only to a request with that token in the
``X-Pmdash-Health-Token`` header. When everything answers, it prints one JSON line
on stdout (URL, user, replica ports, health token; see ``Running.to_dict``) and waits. Ctrl-C or
SIGTERM stops everything it started, in reverse order. Needs Debian's ``nginx``,
``apache2-utils`` and, without ``--database-url``, ``postgresql``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BUCKET = "pmdash"
HEALTH_TOKEN_MIN_CHARS = 16  # pmdash.config.HEALTH_TOKEN_MIN_CHARS; the replicas refuse less


@dataclass
class Running:
    url: str
    user: str
    password: str
    replicas: list[str] = field(default_factory=list)
    data_dir: str = ""
    database_url: str = ""
    s3_endpoint_url: str | None = None
    health_token: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "user": self.user,
            "password": self.password,
            "replicas": self.replicas,
            "data_dir": self.data_dir,
            "database_url": self.database_url,
            "s3_endpoint_url": self.s3_endpoint_url,
            "health_token": self.health_token,
        }


def say(message: str) -> None:
    print(f"run_replicas: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    what: str, ready: Callable[[], bool], process: subprocess.Popen[bytes], log: Path
) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if ready():
            return
        time.sleep(0.25)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    outcome = f"exited with {process.returncode}" if process.poll() is not None else "timed out"
    raise SystemExit(f"run_replicas: {what} {outcome}; its log:\n{tail}")


def answers(url: str, expect: tuple[int, ...] = (200,)) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status) in expect
    except urllib.error.HTTPError as error:
        return error.code in expect
    except OSError:
        return False


def log_file(stack: ExitStack, path: Path) -> IO[bytes]:
    return stack.enter_context(path.open("wb"))


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_postgres(stack: ExitStack, work: Path) -> str:
    state = str(work / "postgres.state")
    env = {**os.environ, "PMDASH_PG_STATE": state, "PMDASH_PG_DATABASE": "pmdash"}
    script = str(ROOT / "scripts" / "ci_postgres.sh")
    url = subprocess.run(
        ["bash", script, "start"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    stack.callback(subprocess.run, ["bash", script, "stop"], env=env, check=False)
    say(f"PostgreSQL at {url}")
    return url


def start_s3(stack: ExitStack, work: Path, env: dict[str, str]) -> str:
    import pyarrow.fs as pafs

    port = free_port()
    log = log_file(stack, work / "moto.log")
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    stack.callback(stop, process)
    endpoint = f"http://127.0.0.1:{port}"
    wait_until("moto", lambda: answers(f"{endpoint}/moto-api/"), process, work / "moto.log")
    admin = pafs.S3FileSystem(
        endpoint_override=f"127.0.0.1:{port}",
        scheme="http",
        allow_bucket_creation=True,
        access_key=env["AWS_ACCESS_KEY_ID"],
        secret_key=env["AWS_SECRET_ACCESS_KEY"],
        region=env["AWS_DEFAULT_REGION"],
    )
    admin.create_dir(BUCKET)
    say(f"S3 (moto) at {endpoint}, bucket {BUCKET}")
    return endpoint


def seed_bucket(location: str, env: dict[str, str]) -> None:
    """Copy the shipped markets into the bucket, through the store's own import path."""
    code = (
        "import sys; from pmdash.store import DataStore\n"
        "source, target = DataStore(sys.argv[1]), DataStore(sys.argv[2])\n"
        "for info in source.markets(): target.save(source.load(info.id))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(ROOT / "data"), location], env=env, check=True)


def write_htpasswd(path: Path, user: str, password: str) -> None:
    subprocess.run(
        ["htpasswd", "-b", "-B", "-c", str(path), user, password],
        check=True,
        capture_output=True,
    )


def write_nginx_conf(run_dir: Path, listen: str, ports: list[int], max_body_mb: int) -> Path:
    as_root = os.geteuid() == 0
    text = TEMPLATE.read_text(encoding="utf-8")
    values = {
        # nginx workers drop root; let them read the password file and buffer uploads.
        "@@USER_LINE@@": "user nobody nogroup;" if as_root else "",
        "@@LISTEN@@": listen,
        "@@SERVERS@@": "\n".join(f"        server 127.0.0.1:{port};" for port in ports),
        "@@HTPASSWD@@": str(run_dir / "htpasswd"),
        "@@MAX_BODY_MB@@": str(max_body_mb + 5),
        "@@RUN_DIR@@": str(run_dir),
    }
    for key, value in values.items():
        text = text.replace(key, value)
    conf = run_dir / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    if as_root:
        run_dir.parent.chmod(0o711)
        run_dir.chmod(0o755)
        shutil.chown(run_dir / "htpasswd", user="nobody", group="nogroup")
    return conf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx port (0: a free one)")
    parser.add_argument("--listen", default="127.0.0.1", help="nginx address")
    parser.add_argument("--data-dir", help="shared data folder (default: a copy of data/)")
    parser.add_argument("--s3", action="store_true", help="keep the data in a moto S3 bucket")
    parser.add_argument("--database-url", default=os.environ.get("PMDASH_DATABASE_URL"))
    parser.add_argument("--user", default="pmdash")
    parser.add_argument("--password", help="basic-auth password (default: a random one)")
    parser.add_argument("--max-upload-mb", type=int, default=20)
    parser.add_argument(
        "--health-token",
        default=os.environ.get("PMDASH_HEALTH_TOKEN"),
        help="shows /health's details to requests carrying it (default: a random one)",
    )
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    health_token = args.health_token or secrets.token_urlsafe(24)
    if len(health_token) < HEALTH_TOKEN_MIN_CHARS:
        parser.error(f"--health-token needs at least {HEALTH_TOKEN_MIN_CHARS} characters")

    stopping = {"now": False}

    def on_signal(_signum: int, _frame: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="pmdash-replicas-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PMDASH_")}
        env["PYTHONUNBUFFERED"] = "1"

        database_url = args.database_url or start_postgres(stack, work)
        env["PMDASH_DATABASE_URL"] = database_url
        endpoint = None
        if args.s3:
            env.update(
                AWS_ACCESS_KEY_ID=os.environ.get("AWS_ACCESS_KEY_ID", "pmdash-local"),
                AWS_SECRET_ACCESS_KEY=os.environ.get("AWS_SECRET_ACCESS_KEY", "pmdash-local"),
                AWS_DEFAULT_REGION=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
            )
            endpoint = start_s3(stack, work, env)
            env["PMDASH_S3_ENDPOINT_URL"] = endpoint
            data_dir = f"s3://{BUCKET}/data"
            seed_bucket(data_dir, env)
        elif args.data_dir:
            data_dir = str(Path(args.data_dir).resolve())
        else:
            data_dir = str(work / "data")
            shutil.copytree(
                ROOT / "data", data_dir, ignore=shutil.ignore_patterns("sources", ".lock", "*.db")
            )
        env["PMDASH_DATA_DIR"] = data_dir
        env["PMDASH_MAX_UPLOAD_MB"] = str(args.max_upload_mb)
        env["PMDASH_HEALTH_TOKEN"] = health_token

        ports = [free_port() for _ in range(args.replicas)]
        for index, port in enumerate(ports):
            log = log_file(stack, work / f"replica-{index}.log")
            command = [
                sys.executable, "-m", "streamlit", "run", "serve.py",
                "--server.headless", "true", "--server.address", "127.0.0.1",
                "--server.port", str(port), "--server.fileWatcherType", "none",
                "--server.maxUploadSize", str(args.max_upload_mb),
                "--browser.gatherUsageStats", "false",
            ]  # fmt: skip
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            stack.callback(stop, process)
            wait_until(
                f"replica {index}",
                lambda port=port: answers(f"http://127.0.0.1:{port}/health", (200, 503)),
                process,
                work / f"replica-{index}.log",
            )
            say(f"replica {index} (pid {process.pid}) at http://127.0.0.1:{port}")

        password = args.password or secrets.token_urlsafe(12)
        run_dir = work / "nginx"
        run_dir.mkdir()
        write_htpasswd(run_dir / "htpasswd", args.user, password)
        nginx_port = args.port or free_port()
        conf = write_nginx_conf(run_dir, f"{args.listen}:{nginx_port}", ports, args.max_upload_mb)
        log = log_file(stack, work / "nginx.log")
        nginx = subprocess.Popen(
            [NGINX, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        stack.callback(stop, nginx, signal.SIGQUIT)  # graceful: finish open requests
        host = "127.0.0.1" if args.listen in ("0.0.0.0", "::") else args.listen
        url = f"http://{host}:{nginx_port}"
        wait_until("nginx", lambda: answers(f"{url}/health", (401,)), nginx, run_dir / "error.log")
        say(f"nginx at {url} (user {args.user}); logs in {work}")

        running = Running(
            url=url,
            user=args.user,
            password=password,
            replicas=[f"http://127.0.0.1:{port}" for port in ports],
            data_dir=data_dir,
            database_url=database_url,
            s3_endpoint_url=endpoint,
            health_token=health_token,
        )
        print(json.dumps(running.to_dict()), flush=True)
        while not stopping["now"]:
            time.sleep(0.2)
        say("stopping")
    say("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
