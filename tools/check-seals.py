#!/usr/bin/env python3
"""Checks the seals in the database against an outside copy of them (Python 3 + openssl).

Every seal is announced by an audit.sealed entry, so a SIEM that pulls the feed (or receives a stream) holds a copy
of every seal, off the machine. A database writer who cuts off the log's tail, or rewrites sealed history and its
seals, cannot change that copy:

  tools/siem-poller.py … > feed.ndjson        (or any file of feed entries: NDJSON, a JSON array, or feed pages)
  curl -H "Authorization: Bearer $T" "$KC/admin/realms/demo/audit-log/verify/seals?from=…" > seals.json
  tools/check-seals.py feed.ndjson seals.json

Checks: each copied seal's header hashes to its seal hash and its signature verifies (with the public key in
seals.json; compare that key with your own copy of the keystore's certificate, or with the realm's published keys
for realm-key seals); the database still has every copied seal, with the same hash; every database seal's hash and
signature hold. Exit status 0 when nothing is wrong; each problem is printed as a PROBLEM line.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sealcheck import check_signature, header, sha256  # noqa: E402


def entries(path):
    text = open(path, encoding="utf-8").read().strip()
    if not text:
        return []
    if text.startswith("["):
        return json.loads(text)
    out = []
    for line in text.splitlines():
        if line.strip():
            item = json.loads(line)
            out += item["entries"] if isinstance(item, dict) and "entries" in item else [item]
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    copied = [e["details"] for e in entries(sys.argv[1]) if e.get("action") == "audit.sealed" and e.get("details")]
    bundle = json.load(open(sys.argv[2], encoding="utf-8"))
    keys = bundle.get("keys", {})
    stored = {s["sealNo"]: s for s in bundle["seals"]}
    problems = []

    for s in stored.values():
        line = header(bundle["realmId"], s)
        if sha256(line) != s["sealHash"]:
            problems.append("seal %d in the database: its fields do not match its hash" % s["sealNo"])
        elif not keys.get(s["keyId"]) or not check_signature(line, s["signature"], keys[s["keyId"]]):
            problems.append("seal %d in the database: its signature does not verify" % s["sealNo"])

    first = min(stored) if stored else None
    for c in copied:
        no = int(c["sealNo"])
        if sha256(c["header"]) != c["sealHash"] or not keys.get(c["keyId"]) \
                or not check_signature(c["header"], c["signature"], keys[c["keyId"]]):
            problems.append("seal %d in the copy: it does not verify (not a seal this log made)" % no)
        elif no in stored and stored[no]["sealHash"] != c["sealHash"]:
            problems.append("seal %d was REWRITTEN: the database holds another seal under its number" % no)
        elif no not in stored and (first is None or no > first):
            problems.append("seal %d is MISSING from the database: the log was cut off after seal %s"
                            % (no, max([n for n in stored if n < no], default="(none)")))
    print("seals in the database: %d, in the copy: %d" % (len(stored), len(copied)))
    for p in problems:
        print("PROBLEM: " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
