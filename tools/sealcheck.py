"""Shared by verify-export.py and check-seals.py: a seal's header line and signature, as docs/integrity.md defines."""
import base64
import hashlib
import os
import subprocess
import tempfile

GENESIS = "0" * 64


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def header(realm_id, s):
    """The line a seal's hash covers and its key signs: v1, or v2 with the sealing node's start time."""
    fields = [realm_id, s["sealNo"], s["prevLastSeq"], s["firstSeq"], s["lastSeq"], s["count"], s["minTime"],
              s["maxTime"], s["lastChainHash"], s["prevSealHash"], s["createdTime"]]
    started = s.get("sealerStarted")
    version = "audit-seal-v1" if started is None else "audit-seal-v2"
    return "|".join([version] + [str(f) for f in fields] + ([] if started is None else [str(started)]))


def check_signature(text, signature_b64, pem):
    """openssl checks it: RS256 (realm keys) and ES256 (a keystore's EC key, DER signature) alike."""
    with tempfile.TemporaryDirectory() as d:
        paths = {n: os.path.join(d, n) for n in ("text", "sig", "key.pem")}
        open(paths["text"], "w", encoding="utf-8").write(text)
        open(paths["sig"], "wb").write(base64.b64decode(signature_b64))
        open(paths["key.pem"], "w").write(pem)
        r = subprocess.run(["openssl", "dgst", "-sha256", "-verify", paths["key.pem"], "-signature", paths["sig"],
                            paths["text"]], capture_output=True, text=True)
        return r.returncode == 0
