#!/usr/bin/python3
"""A TCP echo service on 127.0.0.1 for the ssh -L test, and its checker.
  echo_service.py              listen on a free port, print "port N", echo
                               every connection back until killed
  echo_service.py --check P N  send N random bytes to 127.0.0.1:P, exit 0
                               when exactly those bytes come back"""
import os
import socket
import sys
import threading


def serve():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    print(f"port {s.getsockname()[1]}", flush=True)

    def echo(c):
        with c:
            while True:
                d = c.recv(65536)
                if not d:
                    return
                c.sendall(d)

    while True:
        c, _ = s.accept()
        threading.Thread(target=echo, args=(c,), daemon=True).start()


def check(port, n):
    data = os.urandom(n)
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
    except OSError:
        return 1
    with s:
        sender = threading.Thread(target=lambda: (s.sendall(data), s.shutdown(socket.SHUT_WR)))
        sender.start()
        got = bytearray()
        try:
            while len(got) <= n:
                d = s.recv(65536)
                if not d:
                    break
                got += d
        except OSError:
            return 1
        sender.join()
    return 0 if bytes(got) == data else 1


if len(sys.argv) == 4 and sys.argv[1] == "--check":
    sys.exit(check(int(sys.argv[2]), int(sys.argv[3])))
serve()
