package dev.kcaudit.audit.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.OcsfClass;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every action declares an OCSF class and an activity that class defines; "Other" only where chosen on purpose. */
class OcsfDeclarationsTest {

    /** Actions no OCSF activity describes; a new action lands here only by being added to this list. */
    private static final Set<AuditAction> OTHER_ON_PURPOSE = Set.of(AuditAction.USERINFO, AuditAction.AUTH_OTHER,
            AuditAction.AUTH_OTHER_FAILED, AuditAction.CREDENTIAL_UPDATE_FAILED, AuditAction.RESET_EMAIL_SENT,
            AuditAction.RESET_EMAIL_FAILED, AuditAction.ACTIONS_EMAIL_SENT, AuditAction.SESSIONS_REVOKED,
            AuditAction.USER_FEDERATION_LINK, AuditAction.USER_FEDERATION_UNLINK, AuditAction.MEMBER_INVITED);

    @Test
    void everyActionHasAClassAndAnActivityOfThatClass() {
        for (AuditAction action : AuditAction.values()) {
            assertThat(action.ocsfClass()).as(action.id()).isNotNull();
            assertThat(action.ocsfClass().allows(action.ocsfActivity()))
                    .as("%s: activity %d of class %d", action.id(), action.ocsfActivity(), action.ocsfClass().uid())
                    .isTrue();
        }
    }

    @Test
    void otherIsUsedOnlyWhereChosen() {
        assertThat(Arrays.stream(AuditAction.values()).filter(a -> a.ocsfActivity() == OcsfClass.OTHER)
                .collect(Collectors.toSet())).isEqualTo(OTHER_ON_PURPOSE);
    }

    @Test
    void authenticationEntriesAreAuthenticationAndLockoutsAccountChanges() {
        assertThat(AuditAction.LOGIN.ocsfClass()).isEqualTo(OcsfClass.OCSF_AUTHENTICATION);
        assertThat(AuditAction.LOGIN.ocsfActivity()).isEqualTo(1);
        assertThat(AuditAction.LOGOUT.ocsfActivity()).isEqualTo(2);
        assertThat(AuditAction.LOCKED_TEMPORARILY.ocsfClass()).isEqualTo(OcsfClass.OCSF_ACCOUNT_CHANGE);
        assertThat(AuditAction.LOCKED_TEMPORARILY.ocsfActivity()).isEqualTo(9);
    }
}
