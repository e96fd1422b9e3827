#!/usr/bin/env python3
"""Reference SIEM poller for the Keycloak Audit Log feed (Python 3 standard library only).

Follows GET /admin/realms/{realm}/audit-log/feed with a service-account token and appends every entry, as
NDJSON, to --out. Before its first page and after each page it records the cursor *and the output's length* in
--state, atomically. When it is killed and started again it cuts --out back to that length and resumes from that
cursor, so the file holds every entry exactly once, whenever the process dies.

  tools/siem-poller.py --url http://localhost:8080 --realm demo --client-id siem-reader \
      --client-secret siem-demo-secret --state feed.state --out feed.ndjson [--format ocsf] [--since 2026-11-01]
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def token(args):
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": args.client_id,
                                   "client_secret": args.client_secret}).encode()
    url = f"{args.url}/realms/{args.realm}/protocol/openid-connect/token"
    with urllib.request.urlopen(urllib.request.Request(url, data=form), timeout=30) as reply:
        body = json.load(reply)
    return body["access_token"], time.time() + body.get("expires_in", 60) - 10


def load_state(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def save_state(path, cursor, offset, since):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"cursor": cursor, "offset": offset, "since": since}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True)
    p.add_argument("--realm", required=True)
    p.add_argument("--client-id", required=True)
    p.add_argument("--client-secret", required=True)
    p.add_argument("--state", required=True, help="checkpoint file (cursor and output length)")
    p.add_argument("--out", required=True, help="NDJSON file the entries are appended to")
    p.add_argument("--format", default="native", choices=["native", "ocsf"])
    p.add_argument("--since", help="where a first run starts (ISO date/time; default: one hour ago)")
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--interval", type=float, default=5.0, help="seconds between polls once caught up")
    args = p.parse_args()

    state = load_state(args.state)
    with open(args.out, "ab") as out:
        if state:
            out.truncate(state["offset"])  # drop whatever was written after the last checkpoint
        offset = out.seek(0, os.SEEK_END)
    if state:
        cursor, since = state["cursor"], state.get("since")
    else:
        # A first checkpoint before the first page: a run that dies before its first page's checkpoint leaves a
        # state to cut the output back to, instead of a page that the next run would write again.
        cursor, since = None, args.since
        save_state(args.state, cursor, offset, since)
    access, expires = token(args)
    while True:
        query = {"limit": args.limit, "format": args.format}
        if cursor:
            query["after"] = cursor
        elif since:
            query["since"] = since
        url = f"{args.url}/admin/realms/{args.realm}/audit-log/feed?" + urllib.parse.urlencode(query)
        if time.time() > expires:
            access, expires = token(args)
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + access,
                                                       "Accept": "application/x-ndjson"})
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                body = reply.read()
                cursor = reply.headers["X-Next-Cursor"]
        except urllib.error.HTTPError as e:
            if e.code == 429:
                time.sleep(int(e.headers.get("Retry-After", "5")))
                continue
            if e.code == 401:
                access, expires = token(args)
                continue
            sys.exit(f"feed answered {e.code}: {e.read().decode(errors='replace')}")
        with open(args.out, "ab") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
            offset = out.tell()
        save_state(args.state, cursor, offset, since)
        if body.count(b"\n") < args.limit:
            time.sleep(args.interval)


if __name__ == "__main__":
    main()
