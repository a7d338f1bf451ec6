"""What the bench tools say to a running orchestrator (its control socket, its JVM) and to an MQTT
broker (just enough MQTT 3.1.1 to publish), shared by hostile.py (figure M) and soak.py."""
import json
import os
import re
import socket
import struct
import subprocess
import time


def ps(sock_path, timeout=10):
    """{return (seconds the answer took, processes by name)}; (None, {}) when no good answer came."""
    start = time.monotonic()
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(timeout)
            s.connect(sock_path)
            s.sendall(b'{"v":1,"cmd":"ps"}\n')
            data = bytearray()
            while not data.endswith(b"\n"):
                chunk = s.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
        took = time.monotonic() - start
        reply = json.loads(data)
        if reply.get("ok") is not True:
            return None, {}
        return took, {p["name"]: p for p in reply.get("processes", [])}
    except (OSError, ValueError):
        return None, {}


def heap_after_full_gc_mb(pid, jcmd=None):
    """Heap used after a full GC (the generations' "used", from GC.heap_info), MB; None without an answer."""
    if jcmd is None:
        jcmd = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jcmd")
        jcmd = jcmd if os.path.exists(jcmd) else "jcmd"
    try:
        subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    except (subprocess.TimeoutExpired, OSError):
        return None
    # One line per generation ("DefNew     total 4224K, used 0K [...]", "Tenured    total 9264K, used
    # 5556K [...]"); the spaces inside them and Metaspace are indented or say no "total".
    used = [int(m.group(1)) for line in out.splitlines() for m in [re.match(r"\S.*total \d+K, used (\d+)K", line)] if m]
    return sum(used) / 1024 if used else None


def mqtt_string(b):
    """An MQTT string or binary: its length in two bytes, then it."""
    return struct.pack(">H", len(b)) + b


def mqtt_packet(kind, body):
    """An MQTT packet: the first byte, the remaining length (7 bits a byte), the body."""
    n, length = len(body), bytearray()
    while True:
        byte, n = n % 128, n // 128
        length.append(byte | (0x80 if n else 0))
        if not n:
            return bytes([kind]) + bytes(length) + body
