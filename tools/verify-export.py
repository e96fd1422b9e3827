#!/usr/bin/env python3
"""Offline check of a Keycloak Audit Log JSON export against the realm's signed seals (Python 3 + openssl).

  curl -H "Authorization: Bearer $T" "$KC/admin/realms/demo/audit-log/export?format=json&from=…&to=…" > export.jsonl
  curl -H "Authorization: Bearer $T" "$KC/admin/realms/demo/audit-log/verify/seals?from=…&to=…" > seals.json
  tools/verify-export.py export.jsonl seals.json

Checks, as docs/integrity.md defines them: every seal's hash and its signature (RS256 or ES256) (with openssl, against the
public key in seals.json — compare it with the realm's published keys at /realms/{realm}/protocol/openid-connect/certs),
the links between seals; every entry's canonical form against the entry's own fields; every chain link whose
predecessor is in the export (or is a seal's end); and every seal end inside the export. An unfiltered export whose
range starts at a seal boundary checks completely. Exit status 0 when nothing is wrong.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sealcheck import GENESIS, check_signature, header as seal_header, sha256  # noqa: E402


def fields(entry):
    """The entry's fields in canonical order; JSON columns as parsed values (the canonical holds their text)."""
    actor = entry.get("actor") or {}
    res = entry.get("resource") or {}
    out = entry.get("outcome") or {}
    changes = [{"field": c.get("field"), "oldValue": c.get("old"), "newValue": c.get("new")}
               for c in entry.get("changes") or []]
    return [entry["id"], None, entry["time"], entry["category"], entry["action"], out.get("result"), out.get("reason"),
            actor.get("id"), actor.get("type"), actor.get("username"), actor.get("email"), actor.get("clientId"),
            res.get("type"), res.get("id"), res.get("name"), entry.get("ipAddress"), entry.get("sessionId"),
            entry.get("source"), entry.get("organizations") or None, changes or None, entry.get("details") or None] \
        + ([entry["origin"]] if entry.get("origin") else [])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    entries = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    bundle = json.load(open(sys.argv[2], encoding="utf-8"))
    problems, seal_ok, entry_ok, unchecked = [], 0, 0, 0

    seals = sorted(bundle["seals"], key=lambda s: s["sealNo"])
    for i, s in enumerate(seals):
        header = seal_header(bundle["realmId"], s)
        bad = []
        if sha256(header) != s["sealHash"]:
            bad.append("its fields do not match its hash")
        pem = bundle["keys"].get(s["keyId"])
        if not pem or not check_signature(header, s["signature"], pem):
            bad.append("its signature does not verify")
        if i > 0 and seals[i - 1]["sealNo"] == s["sealNo"] - 1 and s["prevSealHash"] != seals[i - 1]["sealHash"]:
            bad.append("it does not follow seal %d" % seals[i - 1]["sealNo"])
        if s["sealNo"] == 1 and s["prevSealHash"] != GENESIS:
            bad.append("the first seal does not start the chain")
        problems += ["seal %d: %s" % (s["sealNo"], b) for b in bad]
        seal_ok += not bad

    anchors = {0: GENESIS}
    anchors.update({s["lastSeq"]: s["lastChainHash"] for s in seals})
    ends = {s["lastSeq"]: s for s in seals}
    chained = sorted((e for e in entries if e.get("integrity")), key=lambda e: e["integrity"]["seq"])
    by_seq = {e["integrity"]["seq"]: e for e in chained}
    for e in chained:
        it = e["integrity"]
        canonical = json.loads(it["canonical"])
        mine = fields(e)
        if len(canonical) != len(mine):
            problems.append("entry %s (seq %d): the chain holds %d fields, the export %d (origin)"
                            % (e["id"], it["seq"], len(canonical), len(mine)))
        for pos, (stored, shown) in enumerate(zip(canonical, mine)):
            if pos == 1:
                continue  # the realm id; the export names the realm
            if pos >= 18 and stored is not None:
                stored = json.loads(stored)
            if stored != shown:
                problems.append("entry %s (seq %d): field %d is %r in the chain but %r in the export"
                                % (e["id"], it["seq"], pos, stored, shown))
                break
        prev = by_seq.get(it["prevSeq"])
        prev_hash = prev["integrity"]["chainHash"] if prev else anchors.get(it["prevSeq"])
        if prev_hash is None:
            unchecked += 1
        elif sha256("%s\n%d\n%d\n%s" % (prev_hash, it["seq"], it["prevSeq"], it["canonical"])) != it["chainHash"]:
            problems.append("entry %s (seq %d): its chain link does not hold" % (e["id"], it["seq"]))
        else:
            entry_ok += 1
        if it["seq"] in ends and ends[it["seq"]]["lastChainHash"] != it["chainHash"]:
            problems.append("entry %s (seq %d): seal %d signed another chain hash"
                            % (e["id"], it["seq"], ends[it["seq"]]["sealNo"]))
    print("seals verified: %d of %d" % (seal_ok, len(seals)))
    print("entries verified: %d of %d (%d not yet sealed, %d whose predecessor is outside the export)"
          % (entry_ok, len(entries), len(entries) - len(chained), unchecked))
    for p in problems:
        print("PROBLEM: " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
