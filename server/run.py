"""Serving: N uvicorn worker processes (httptools, uvloop) under a small supervisor.

Why this shape (DESIGN.md, "Serving, safely"; numbers in the report of issue 3): a hop to
a separate query process on every request costs more than the request itself, so each
worker process holds its own read-only snapshot and runs queries in threads (pyoxigraph
releases the GIL). What a hop would buy -- killing a runaway query -- the worker gets by
retiring: a query past its deadline is answered 503, the worker tells the supervisor,
stops accepting connections, finishes the requests it has, and exits, taking the runaway
thread with it. The supervisor starts the replacement at once (not when the old one is
gone, as uvicorn's own ``--workers`` supervisor would), and replaces a worker that dies
for any other reason too. All workers share the listening socket, so nothing is refused
while one is being replaced; they also share a publish counter in shared memory, so a
write made through one worker is read by all of them on their next query.

Usage: ``crosstalk serve`` calls ``serve(settings, host, port, workers)``; tests and the
benchmark run ``python -m server.run --store DIR --port N`` (other settings from the
``CROSSTALK_*`` environment variables).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from crosstalk.config import Settings

log = logging.getLogger("crosstalk.supervisor")

READY, RETIRING = "ready", "retiring"
RETIRE_GRACE = 1.0
"""Seconds a retiring worker keeps serving the connections it has before shutting down."""
MAX_FAILED_STARTS = 3
"""Workers dying before they serve, in a row, before the supervisor gives up."""


@dataclass
class Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    started: float = field(default_factory=time.monotonic)
    ready: bool = False
    retiring: bool = False


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None) -> None:
    """Serve the app on host:port with ``workers`` supervised worker processes (blocks)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s %(message)s")
    config = {"host": host, "port": port, "http": "httptools", "loop": "uvloop", "lifespan": "on",
              "access_log": False, "log_level": "info", "server_header": False,
              "timeout_graceful_shutdown": int(settings.query_timeout) + 2, "timeout_keep_alive": 5}
    Supervisor(settings, config, workers or min(4, os.cpu_count() or 1)).run()


class Supervisor:
    """Keeps ``count`` workers serving one socket; replaces the retiring and the dead."""

    def __init__(self, settings: Settings, config: dict[str, Any], count: int) -> None:
        self.settings = settings
        self.config = config
        self.count = max(1, count)
        self.context = multiprocessing.get_context("fork")  # the app is imported once, here
        self.generation = self.context.RawValue("Q", 0)
        self.workers: list[Worker] = []
        self.stopping = False
        self.failed_starts = 0

    def run(self) -> None:
        from server.app import create_app

        create_app(self.settings)  # import everything once, here, so a new worker starts at once

        sock = uvicorn.Config(app="", host=self.config["host"], port=self.config["port"]).bind_socket()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._stop)
        log.info("serving on http://%s:%d with %d worker(s)", self.config["host"], self.config["port"], self.count)
        try:
            for _ in range(self.count):
                self._spawn(sock)
            while not self.stopping:
                self._watch(sock)
        finally:
            self._shutdown()
            sock.close()

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True

    def _spawn(self, sock: socket.socket) -> None:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, name="crosstalk-worker", daemon=False,
                                       args=(self.settings, self.config, sock, child, self.generation))
        process.start()
        child.close()
        self.workers.append(Worker(process, parent))
        log.info("started worker %d", process.pid)

    def _watch(self, sock: socket.socket) -> None:
        waitables: list[Any] = [w.process.sentinel for w in self.workers] + [w.conn for w in self.workers]
        ready = multiprocessing.connection.wait(waitables, timeout=1.0)
        for worker in list(self.workers):
            if worker.conn in ready:
                self._message(worker, sock)
            if worker.process.sentinel in ready or not worker.process.is_alive():
                self._ended(worker, sock)

    def _message(self, worker: Worker, sock: socket.socket) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            return
        if message == READY:
            worker.ready, self.failed_starts = True, 0
        elif message == RETIRING and not worker.retiring:
            worker.retiring = True
            log.warning("worker %d is retiring after a query overran; starting its replacement",
                        worker.process.pid)
            if not self.stopping:
                self._spawn(sock)

    def _ended(self, worker: Worker, sock: socket.socket) -> None:
        worker.process.join(0)
        if worker.process.is_alive():
            return
        self.workers.remove(worker)
        worker.conn.close()
        if worker.retiring or self.stopping:
            return
        log.warning("worker %d exited (code %s); starting a new one", worker.process.pid, worker.process.exitcode)
        if not worker.ready:
            self.failed_starts += 1
            if self.failed_starts >= MAX_FAILED_STARTS:
                log.error("%d workers in a row failed to start; stopping", self.failed_starts)
                self.stopping = True
                return
        self._spawn(sock)

    def _shutdown(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                os.kill(worker.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.config["timeout_graceful_shutdown"] + 1
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()


def _worker_main(settings: Settings, config: dict[str, Any], sock: socket.socket,
                 conn: multiprocessing.connection.Connection, generation: Any) -> None:
    """One worker process: the app on the shared socket; retires when a query overruns."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    from server import runner
    from server.app import create_app

    runner.SHARED_GENERATION = runner.Generation(generation)
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, **config))
    lock = threading.Lock()

    def tell(message: str) -> None:
        with lock:
            try:
                conn.send(message)
            except OSError:
                pass

    def retire() -> None:
        """Stop accepting now (the others take new connections), finish, exit."""
        tell(RETIRING)
        for listener in getattr(server, "servers", []):
            listener.close()
        # Connections already accepted still get their answers; then uvicorn's shutdown.
        asyncio.get_running_loop().call_later(RETIRE_GRACE, setattr, server, "should_exit", True)
        threading.Thread(target=_exit_after, args=(settings.query_timeout + RETIRE_GRACE + 5,), daemon=True).start()

    def announce_ready() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.02)
        if server.started:
            tell(READY)

    app.state.runner.on_overrun = retire
    threading.Thread(target=announce_ready, daemon=True).start()
    code = 0
    try:
        server.run(sockets=[sock])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - the supervisor logs the exit code
        log.exception("worker %d failed", os.getpid())
        code = 1
    finally:
        logging.shutdown()
        os._exit(code)  # do not wait for a runaway query thread


def _exit_after(seconds: float) -> None:
    time.sleep(seconds)
    os._exit(3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m server.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="store directory [CROSSTALK_STORE]")
    parser.add_argument("--base", help="base IRI [CROSSTALK_BASE]")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    serve(Settings.from_env(store=args.store, base=args.base), args.host, args.port, args.workers)


if __name__ == "__main__":
    main()
