package dev.kcaudit.audit.api.representation;

import dev.kcaudit.audit.model.OrganizationRef;
import java.util.List;

/**
 * What the caller may do with this realm's audit log, so the console shows only what will work. The server still
 * checks every request; this is a courtesy, not the rule.
 *
 * @param realmWide     reads the whole realm (else only {@code organizations})
 * @param organizations what an organization or team admin administers (empty for realm-wide readers): an
 *                      organization without teams is theirs whole, one with teams only in those teams
 * @param readSettings  may read the audit settings
 * @param editSettings  may change them (manage-events)
 * @param verify        may run the integrity check
 * @param locale        the caller's language as Keycloak chooses the console's, among the audit log's (en, de, fr, es,
 *                      pt-BR, ja, zh-CN): the audit-only console shell speaks it
 */
public record MeRepresentation(String username, boolean realmWide, List<OrganizationRef> organizations,
                               boolean readSettings, boolean editSettings, boolean verify,
                               String locale) {
}
