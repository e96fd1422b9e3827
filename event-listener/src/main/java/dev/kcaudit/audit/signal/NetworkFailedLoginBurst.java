package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.signal.SignalHistory.Match;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code failed-logins-network}: at least N failed logins, for any users, from one network within M minutes. The
 * network is the address's /24 (IPv4) or /64 (IPv6): a spraying attacker rotates users and often addresses, rarely
 * networks.
 */
final class NetworkFailedLoginBurst implements Rule {

    @Override
    public SignalRule rule() {
        return SignalRule.FAILED_LOGINS_NETWORK;
    }

    @Override
    public boolean concerns(String action, String source) {
        return AuditAction.LOGIN_FAILED.id().equals(action);
    }

    @Override
    public Optional<Finding> judge(AuditEntry entry, SignalSettings settings, SignalHistory history,
                                   Predicate<String> quiet) {
        String network = network(entry.ipAddress());
        if (network == null || quiet.test(network)) {
            return Optional.empty();
        }
        RuleSettings s = settings.rule(rule());
        Match match = new Match(entry.realmId(), FailedLoginBurst.FAILURES, null, null, null, IpKey.range(network));
        List<Trigger> failures = Bursts.within(history, match, entry, s);
        if (failures.size() < s.threshold()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(new Resource("ip-range", network, network), failures, failures.size(),
                failures.size() + " failed logins from " + network + " within " + s.windowMinutes() + " minutes",
                s.threshold(), s.windowMinutes()));
    }

    /** The address's network in CIDR notation, or null when the address is no IP literal. */
    static String network(String address) {
        if (address == null || IpKey.of(address) == null) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal (checked above): no DNS
            int keep = bytes.length == 4 ? 3 : 8;
            for (int i = keep; i < bytes.length; i++) {
                bytes[i] = 0;
            }
            return InetAddress.getByAddress(bytes).getHostAddress() + (bytes.length == 4 ? "/24" : "/64");
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
