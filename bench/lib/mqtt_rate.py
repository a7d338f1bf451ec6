"""Figure L's throughput half (issue 24): messages per second through the embedded broker and
through mosquitto, in the same run, counted where they are delivered.

The embedded broker is started the way users get it: the orchestrator with `embedded_broker` and
one idle child, so the broker is its supervised `BrokerProcess` with its real JVM options; mosquitto
is started for the run on loopback, in memory. Then, alternating brokers, `bench/tools/MqttRate.java`
(plain MQTT 3.1.1 over sockets, no client library) sends as fast as each broker takes for a few
seconds to one subscriber, at QoS 0 and QoS 1, and counts what the subscriber received.

Run alone: python3 bench/lib/mqtt_rate.py [--seconds 5] [--runs 3] [--payload 100]
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "bench", "tools", "MqttRate.java")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port):
    """True once something at the port answers an MQTT 3.1.1 CONNECT with a CONNACK."""
    connect = bytes([0x10, 14, 0, 4]) + b"MQTT" + bytes([4, 2, 0, 10, 0, 2]) + b"ok"
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5) as s:
            s.sendall(connect)
            return s.recv(4)[:1] == b"\x20"
    except OSError:
        return False


def wait_answer(port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if answers(port):
            return True
        time.sleep(0.1)
    return False


def start_mosquitto(d):
    port = free_port()
    conf = os.path.join(d, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    p = subprocess.Popen([binary, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return port, p


def start_embedded(d, java):
    port = free_port()
    conf = os.path.join(d, "embedded.json")
    with open(conf, "w") as f:
        json.dump({"mqtt_broker": f"127.0.0.1:{port}", "embedded_broker": True,
                   "processes": {"idle": {"command": "sleep", "args": ["3600"]}}}, f)
    p = subprocess.Popen([os.path.join(ROOT, "bin", "commonplace-orchestrator"), "run", "--config", conf],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return port, p


def rate(java, port, qos, seconds, payload):
    done = subprocess.run([java, "-XX:+UseSerialGC", TOOL, str(port), str(qos), str(seconds), str(payload)],
                          capture_output=True, text=True, timeout=seconds + 120)
    out = done.stdout
    if "rate=" not in out:
        sys.exit(f"MqttRate failed on port {port}: {done.stderr.strip()[-500:]}")
    fields = dict(kv.split("=") for kv in out.split())
    return {k: float(v) for k, v in fields.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--payload", type=int, default=100)
    a = ap.parse_args()
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    d = tempfile.mkdtemp(prefix="mqtt-rate-")
    brokers = {}
    try:
        brokers["mosquitto"] = start_mosquitto(d)
        brokers["embedded"] = start_embedded(d, java)
        for name, (port, _) in brokers.items():
            if not wait_answer(port):
                sys.exit(f"{name} did not answer on 127.0.0.1:{port}")
        results = {(n, q): [] for n in brokers for q in (0, 1)}
        for _ in range(a.runs):
            for q in (0, 1):
                for name, (port, _) in brokers.items():
                    results[(name, q)].append(rate(java, port, q, a.seconds, a.payload))
        print(f"{a.runs} runs of {a.seconds} s each, {a.payload}-byte payloads, one publisher, one subscriber")
        print("| broker | QoS | delivered/s (median) | runs (delivered/s) | delivered of sent |")
        print("|---|---|---|---|---|")
        for (name, q), rs in results.items():
            rates = [r["rate"] for r in rs]
            share = sum(r["delivered"] for r in rs) / max(1, sum(r["sent"] for r in rs))
            print(f"| {name} | {q} | {statistics.median(rates):,.0f} | {', '.join(f'{x:,.0f}' for x in rates)} "
                  f"| {share:.1%} |")
    finally:
        for name, (_, p) in brokers.items():
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
