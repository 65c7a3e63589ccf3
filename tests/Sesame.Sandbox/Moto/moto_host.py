"""Runs moto's server for the Sesame sandbox on a free loopback port.

argv: the parent's process id. Prints one JSON line on stdout ({"port": N, "moto": version}, or
{"error": ...}) and then serves until the parent goes away: stdin reaching end of file (the parent's
end of the pipe closed, which also happens when the parent crashes) or the parent id changing.
"""
import json
import logging
import os
import sys
import threading
import time


def watch_parent(parent_pid):
    def stdin_closed():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except Exception:
            pass
        os._exit(0)

    def parent_gone():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(0)
            try:
                os.kill(parent_pid, 0)
            except OSError:
                os._exit(0)

    threading.Thread(target=stdin_closed, daemon=True).start()
    threading.Thread(target=parent_gone, daemon=True).start()


def main():
    parent_pid = int(sys.argv[1])
    watch_parent(parent_pid)
    os.environ.pop("MOTO_ACCOUNT_ID", None)
    os.environ.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
    try:
        import moto
        from werkzeug.serving import WSGIRequestHandler, make_server
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    except ImportError as e:
        print(json.dumps({"error": f"cannot import moto's server ({e})", "python": sys.executable}), flush=True)
        sys.exit(3)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    # Keep-alive: the STS front and the SSO portal call moto many times in a row.
    WSGIRequestHandler.protocol_version = "HTTP/1.1"
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(json.dumps({"port": server.server_port, "moto": moto.__version__, "python": sys.executable}), flush=True)
    server.serve_forever()


main()
