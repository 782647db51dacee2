"""Stand-ins for alfabravod and alfabravo, to test the harness itself (bench/harness/main.py --standin) where the
real programs are not built. They speak the same protocol subset the bench uses (docs/protocol.md) and play a
tone with paplay; every figure they produce measures Python and paplay, never alfabravo.

    standin.py daemon --socket PATH --audio portaudio|none
    standin.py client --socket PATH TEXT
"""
from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import socket
import subprocess
import sys
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _wav(seconds: float, rate: int) -> bytes:
    from sound import tone

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(tone(seconds, rate=rate).astype("<i2").tobytes())
    return buf.getvalue()


async def serve(path: str, audio: str) -> None:
    Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tone_file = Path(path).parent / "standin-tone.wav"
    tone_file.write_bytes(_wav(0.3, 22050))

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def send(obj: dict) -> None:
            writer.write((json.dumps(obj) + "\n").encode())
            await writer.drain()

        while line := await reader.readline():
            req = json.loads(line)
            rid, op = req.get("id"), req.get("op")
            if op == "ping":
                await send({"id": rid, "event": "pong"})
            elif op == "version":
                await send({"id": rid, "event": "version", "version": "stand-in"})
            elif op == "transcript":
                await send({"id": rid, "event": "transcript",
                            "words": [{"index": i, "words": f"word{ord(ch)}"} for i, ch in enumerate(req["text"])]})
            elif op == "render":
                await send({"id": rid, "event": "render", "format": req.get("format")})
                await send({"id": rid, "event": "audio", "data": base64.b64encode(_wav(1.0, 8000)).decode()})
                await send({"id": rid, "event": "done"})
            elif op == "speak":
                await send({"id": rid, "event": "queued", "position": 0})
                await send({"id": rid, "event": "started"})
                if audio != "none":
                    proc = await asyncio.create_subprocess_exec("paplay", str(tone_file))
                    await proc.wait()
                await send({"id": rid, "event": "done"})
            else:
                await send({"id": rid, "event": "error", "code": "unknown_op", "message": op})
        writer.close()

    server = await asyncio.start_unix_server(session, path=path, backlog=4096)
    if os.environ.get("NOTIFY_SOCKET"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.sendto(b"READY=1", os.environ["NOTIFY_SOCKET"])
    async with server:
        await server.serve_forever()


def client(path: str, text: str) -> int:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        s.sendall((json.dumps({"op": "speak", "id": "1", "text": text}) + "\n").encode())
        f = s.makefile("rb")
        for line in f:
            if json.loads(line).get("event") in ("done", "error", "cancelled"):
                return 0
    return 1


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--version"]:
        print("stand-in")
        return 0
    socket_path = args[args.index("--socket") + 1]
    if args[0] == "daemon":
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        audio = args[args.index("--audio") + 1] if "--audio" in args else "portaudio"
        asyncio.run(serve(socket_path, audio))
        return 0
    return client(socket_path, args[-1])


if __name__ == "__main__":
    sys.exit(main())
