package dev.kcaudit.audit.model;

/**
 * Where an entry sits in its realm's hash chain (see docs/integrity.md): its sequence number, the previous entry's,
 * its chain hash, and the canonical form the hash covers.
 */
public record Integrity(long seq, long prevSeq, String chainHash, String canonical) {
}
