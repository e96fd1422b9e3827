package dev.kcaudit.audit.model;

import java.util.Set;

/**
 * The OCSF 1.x event classes entries map to (docs/siem.md), with the activity ids each allows; an action declares
 * its class and activity ({@link AuditAction}).
 */
public enum OcsfClass {
    OCSF_DETECTION_FINDING(2004, Set.of(1, 2, 3, 99)),
    OCSF_ACCOUNT_CHANGE(3001, Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 99)),
    OCSF_AUTHENTICATION(3002, Set.of(1, 2, 3, 4, 5, 6, 7, 99)),
    OCSF_GROUP_MANAGEMENT(3006, Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 99)),
    OCSF_USER_MANAGEMENT(3007, Set.of(1, 2, 3, 4, 5, 99)),
    OCSF_API_ACTIVITY(6003, Set.of(1, 2, 3, 4, 99));

    /** The activity every class reserves for "Other". */
    public static final int OTHER = 99;

    private final int uid;
    private final Set<Integer> activities;

    OcsfClass(int uid, Set<Integer> activities) {
        this.uid = uid;
        this.activities = activities;
    }

    public int uid() {
        return uid;
    }

    public boolean allows(int activity) {
        return activities.contains(activity);
    }
}
