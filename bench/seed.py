#!/usr/bin/env python3
"""Seeds a fresh Parley for the benchmark: registers N users, logs each in, writes "userId token"
lines for bench/postmessage.lua. Talks only to the given base URL (127.0.0.1)."""
import argparse
import json
import sys
import urllib.error
import urllib.request


def call(base, path, body, headers=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True, help="e.g. http://127.0.0.1:18080")
    p.add_argument("--users", type=int, default=16)
    p.add_argument("--out", required=True)
    p.add_argument("--admin-user", default="bench")
    p.add_argument("--admin-pass", default="benchpass")
    a = p.parse_args()
    if not a.base.startswith(("http://127.", "http://localhost", "http://[::1]")):
        sys.exit("seed.py only talks to loopback addresses")

    admin = None  # (userId, token) of the admin, only if self-registration is refused
    lines = []
    for i in range(1, a.users + 1):
        name = f"benchu{i:02d}"
        password = f"pw-{name}-secret"
        status, body = call(a.base, "/api/v1/users.register",
                            {"username": name, "email": f"{name}@example.com",
                             "pass": password, "name": f"Bench User {i}"})
        if status != 200 or not body.get("success"):
            # Registration closed or rate limited: let the admin create the account instead.
            if admin is None:
                s2, b2 = call(a.base, "/api/v1/login", {"user": a.admin_user, "password": a.admin_pass})
                if s2 != 200:
                    sys.exit(f"register {name} failed ({status} {body}) and admin login failed: {s2} {b2}")
                admin = (b2["data"]["userId"], b2["data"]["authToken"])
            status, body = call(a.base, "/api/v1/users.create",
                                {"username": name, "email": f"{name}@example.com",
                                 "password": password, "name": f"Bench User {i}",
                                 "verified": True},
                                {"X-User-Id": admin[0], "X-Auth-Token": admin[1]})
            if status != 200 or not body.get("success"):
                sys.exit(f"register and users.create of {name} failed: {status} {body}")
        status, body = call(a.base, "/api/v1/login", {"user": name, "password": password})
        if status != 200 or body.get("status") != "success":
            sys.exit(f"login {name} failed: {status} {body}")
        lines.append(f"{body['data']['userId']} {body['data']['authToken']}")

    # One check that a seeded user may post to #general before the load starts.
    uid, token = lines[0].split()
    status, body = call(a.base, "/api/v1/chat.postMessage",
                        {"roomId": "GENERAL", "text": "bench: seeding done"},
                        {"X-User-Id": uid, "X-Auth-Token": token})
    if status != 200 or not body.get("success"):
        sys.exit(f"probe postMessage failed: {status} {body}")

    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"seeded {len(lines)} users, tokens in {a.out}")


if __name__ == "__main__":
    main()
