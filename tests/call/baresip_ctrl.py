#!/usr/bin/env python3
"""Sends one command to a baresip user agent over its ctrl_tcp module and prints the response.

  baresip_ctrl.py HOST:PORT COMMAND [PARAMS]     e.g.  baresip_ctrl.py 127.0.0.1:4444 dial sip:bob@127.0.0.1:5070

ctrl_tcp frames JSON objects as netstrings ("LENGTH:JSON,"); baresip also sends events on the same
connection, so lines are read until the response. Exits 1 when the response says ok=false or none comes
within 10 s.
"""
import json
import socket
import sys


def netstrings(sock):
    buffer = b""
    while True:
        while b":" in buffer:
            length, _, rest = buffer.partition(b":")
            size = int(length)
            if len(rest) < size + 1:
                break
            yield json.loads(rest[:size])
            buffer = rest[size + 1:]
        chunk = sock.recv(65536)
        if not chunk:
            return
        buffer += chunk


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    host, _, port = sys.argv[1].rpartition(":")
    request = {"command": sys.argv[2], "params": " ".join(sys.argv[3:]), "token": "alfabravo"}
    body = json.dumps(request).encode()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"%d:%s," % (len(body), body))
        for message in netstrings(sock):
            if message.get("response") and message.get("token") == "alfabravo":
                print(message.get("data", ""))
                sys.exit(0 if message.get("ok") else 1)
    sys.exit("no response from baresip")


if __name__ == "__main__":
    main()
