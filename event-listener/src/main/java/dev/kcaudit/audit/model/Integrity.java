package dev.kcaudit.audit.model;

import java.util.function.Supplier;

/**
 * Where an entry sits in its realm's hash chain (see docs/integrity.md): its sequence number, the previous entry's,
 * its chain hash, and the canonical form the hash covers.
 *
 * @param canonicalForm made when asked: only JSON exports carry it, and building it for every entry read was a
 *                      tenth of a page's CPU
 */
public record Integrity(long seq, long prevSeq, String chainHash, Supplier<String> canonicalForm) {

    public String canonical() {
        return canonicalForm.get();
    }
}
