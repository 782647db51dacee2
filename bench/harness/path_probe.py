"""One speak request straight over alfabravod's socket, printing when each step happened (CLOCK_MONOTONIC,
"name=seconds" lines, as bench/pa_probe.c does): T0 (the request sent), queued, started, the first progress
and done. The bench sets these against the first sound at the sink, which splits the daemon's share of the
time to first sound from the client program's start-up.

    path_probe.py SOCKET TEXT
"""
import json
import socket
import sys
import time


def main() -> int:
    path, text = sys.argv[1], sys.argv[2]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        line = (json.dumps({"op": "speak", "id": "probe", "text": text}) + "\n").encode()
        marks = {"T0": time.monotonic()}
        s.sendall(line)
        buffer = b""
        while True:
            data = s.recv(65536)
            now = time.monotonic()
            if not data:
                return 1
            buffer += data
            while b"\n" in buffer:
                raw, _, buffer = buffer.partition(b"\n")
                event = json.loads(raw).get("event")
                name = "first_progress" if event == "progress" else event
                marks.setdefault(name, now)
                if event in ("done", "cancelled", "error"):
                    for key, value in marks.items():
                        print(f"{key}={value:.6f}")
                    return 0 if event == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
