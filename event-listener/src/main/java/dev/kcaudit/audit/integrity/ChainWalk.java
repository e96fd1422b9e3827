package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.store.ChainRow;
import dev.kcaudit.audit.store.SealStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Follows the chain through one seal's range, from the previous seal's end to the hash the seal signed, and checks
 * each linked entry's derived columns (IP key, search text, organization tags) against what its hashed content
 * gives: an edit there would hide the entry from a filter or an organization admin without touching the chain.
 */
final class ChainWalk {

    /** What one walk counted. */
    record Counts(long verified, long scrubbed) {
    }

    private final SealStore seals;
    private final Scrubs scrubs;
    private final Problems problems;
    private final String realmId;

    ChainWalk(SealStore seals, Scrubs scrubs, Problems problems, String realmId) {
        this.seals = seals;
        this.scrubs = scrubs;
        this.problems = problems;
        this.realmId = realmId;
    }

    Counts walk(Seal seal, String startHash) {
        List<ChainRow> rows = seals.chainRows(realmId, seal.prevLastSeq(), seal.lastSeq(),
                (int) Math.min(Integer.MAX_VALUE, seal.count() * 2 + 1_000));
        Map<String, Set<String>> tags = seals.orgTags(realmId, seal.prevLastSeq(), seal.lastSeq());
        Map<Long, List<ChainRow>> byPrev = new TreeMap<>();
        for (ChainRow row : rows) {
            if (row.chainHash() == null || row.chainPrevSeq() == null) {
                problems.add(seal, "inserted", row.seq(), row.id(), "The entry was never linked into the chain");
            } else {
                byPrev.computeIfAbsent(row.chainPrevSeq(), k -> new ArrayList<>()).add(row);
            }
        }
        Set<String> onChain = new HashSet<>();
        long seq = seal.prevLastSeq();
        String hash = startHash;
        long linked = 0;
        long verified = 0;
        long scrubbedCount = 0;
        while (seq < seal.lastSeq()) {
            List<ChainRow> candidates = byPrev.getOrDefault(seq, List.of());
            ChainRow nextRow = null;
            for (ChainRow c : candidates) {
                if (Chain.link(hash, c.seq(), seq, c.canonical()).equals(c.chainHash())) {
                    nextRow = c;
                    break;
                }
            }
            ChainRow scrubbed = nextRow != null ? null
                    : candidates.stream().filter(scrubs::covers).findFirst().orElse(null);
            if (scrubbed != null) {
                // A recorded scrub (docs/integrity.md): counted, and the chain goes on from its stored link.
                nextRow = scrubbed;
                scrubbedCount++;
                derived(seal, nextRow, tags);
            } else if (nextRow == null && !candidates.isEmpty()) {
                nextRow = candidates.get(0);
                problems.add(seal, "modified", nextRow.seq(), nextRow.id(),
                        "The entry's content no longer matches its link in the chain");
            } else if (nextRow == null) {
                long missingAfter = seq;
                nextRow = rows.stream().filter(r -> r.chainPrevSeq() != null && r.seq() > missingAfter
                        && r.chainPrevSeq() > missingAfter && !onChain.contains(r.id())).findFirst().orElse(null);
                if (nextRow == null) {
                    problems.add(seal, "deleted", seq, null, "Entries after seq " + seq + " through seq "
                            + seal.lastSeq() + " are missing");
                    return new Counts(verified, scrubbedCount);
                }
                problems.add(seal, "deleted", nextRow.chainPrevSeq(), null, "The entry with seq "
                        + nextRow.chainPrevSeq() + " (after seq " + seq + ") is missing");
            } else {
                verified++;
                derived(seal, nextRow, tags);
            }
            onChain.add(nextRow.id());
            linked++;
            seq = nextRow.seq();
            hash = nextRow.chainHash();
        }
        if (!hash.equals(seal.lastChainHash())) {
            problems.add(seal, "modified", seq, null, "The chain does not end in the hash the seal signed");
        }
        for (ChainRow row : rows) {
            if (row.chainHash() != null && !onChain.contains(row.id())) {
                problems.add(seal, "inserted", row.seq(), row.id(), "The entry is not on the chain");
            }
        }
        if (linked != seal.count()) {
            problems.add(seal, "deleted", null, null, "The seal covers " + seal.count() + " entries; " + linked
                    + " are on the chain");
        }
        return new Counts(verified, scrubbedCount);
    }

    /** The filter columns and organization tags must be what the entry's hashed content gives. */
    private void derived(Seal seal, ChainRow row, Map<String, Set<String>> tags) {
        ChainRow.Derived expected = row.expected();
        String edited = !Objects.equals(expected.ipKey(), row.ipKey()) ? "IP key"
                : !Objects.equals(expected.searchText(), row.searchText()) ? "search text"
                : !Objects.equals(expected.country(), row.country()) ? "country"
                : !Objects.equals(expected.device(), row.device()) ? "device" : null;
        if (edited != null) {
            problems.add(seal, "index-edit", row.seq(), row.id(), "The entry's " + edited
                    + " is not what its content gives: a filter would miss or wrongly find it");
        }
        Set<String> want = new TreeSet<>();
        expected.scopeTags().forEach(org -> want.add(ChainRow.tag(org, row.realmId(), row.time())));
        Set<String> have = tags.getOrDefault(row.id(), Set.of());
        if (!want.equals(have)) {
            problems.add(seal, "tag-edit", row.seq(), row.id(), "The entry's organization and team tags do not match"
                    + " the organizations it records: an organization admin would miss it or see it wrongly");
        }
    }
}
