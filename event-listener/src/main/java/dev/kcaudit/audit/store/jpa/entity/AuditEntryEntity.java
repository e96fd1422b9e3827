package dev.kcaudit.audit.store.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/**
 * Table AUDIT_ENTRY. Flat columns for everything that is filtered or sorted on; JSON text for changes, details
 * and the organization list (organizations are filtered through {@link AuditEntryOrgEntity}).
 */
@Entity
@Table(name = "AUDIT_ENTRY")
public class AuditEntryEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    /** Commit order and hash chain, read from {@link AuditEntryChainEntity} by the store when it needs them. */
    @Transient
    private AuditEntryChainEntity chain;

    @Column(name = "EVENT_TIME", nullable = false)
    private long time;

    @Column(name = "CATEGORY", nullable = false, length = 32)
    private String category;

    @Column(name = "ACTION", nullable = false, length = 64)
    private String action;

    @Column(name = "OUTCOME", nullable = false, length = 16)
    private String outcome;

    @Column(name = "OUTCOME_REASON")
    private String outcomeReason;

    @Column(name = "ACTOR_ID")
    private String actorId;

    @Column(name = "ACTOR_TYPE", nullable = false, length = 32)
    private String actorType;

    @Column(name = "ACTOR_USERNAME")
    private String actorUsername;

    @Column(name = "ACTOR_EMAIL")
    private String actorEmail;

    @Column(name = "ACTOR_CLIENT_ID")
    private String actorClientId;

    @Column(name = "RESOURCE_TYPE", length = 64)
    private String resourceType;

    @Column(name = "RESOURCE_ID")
    private String resourceId;

    @Column(name = "RESOURCE_NAME")
    private String resourceName;

    @Column(name = "IP_ADDRESS", length = 64)
    private String ipAddress;

    @Column(name = "IP_KEY", length = 32)
    private String ipKey;

    @Column(name = "SEARCH_TEXT")
    private String searchText;

    @Column(name = "SESSION_ID")
    private String sessionId;

    @Column(name = "SOURCE", nullable = false, length = 32)
    private String source;

    @Column(name = "ORGANIZATIONS_JSON")
    private String organizationsJson;

    @Column(name = "CHANGES_JSON")
    private String changesJson;

    @Column(name = "DETAILS_JSON")
    private String detailsJson;

    /** Where and on what (model.Origin as JSON); hashed, appended to the canonical form only when present. */
    @Column(name = "ORIGIN_JSON")
    private String originJson;

    /** Derived from ORIGIN_JSON for the country and device filters. */
    @Column(name = "COUNTRY", length = 2)
    private String country;

    @Column(name = "DEVICE", length = 16)
    private String device;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public long getTime() { return time; }
    public void setTime(long time) { this.time = time; }
    public String getCategory() { return category; }
    public void setCategory(String category) { this.category = category; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getOutcomeReason() { return outcomeReason; }
    public void setOutcomeReason(String outcomeReason) { this.outcomeReason = outcomeReason; }
    public String getActorId() { return actorId; }
    public void setActorId(String actorId) { this.actorId = actorId; }
    public String getActorType() { return actorType; }
    public void setActorType(String actorType) { this.actorType = actorType; }
    public String getActorUsername() { return actorUsername; }
    public void setActorUsername(String actorUsername) { this.actorUsername = actorUsername; }
    public String getActorEmail() { return actorEmail; }
    public void setActorEmail(String actorEmail) { this.actorEmail = actorEmail; }
    public String getActorClientId() { return actorClientId; }
    public void setActorClientId(String actorClientId) { this.actorClientId = actorClientId; }
    public String getResourceType() { return resourceType; }
    public void setResourceType(String resourceType) { this.resourceType = resourceType; }
    public String getResourceId() { return resourceId; }
    public void setResourceId(String resourceId) { this.resourceId = resourceId; }
    public String getResourceName() { return resourceName; }
    public void setResourceName(String resourceName) { this.resourceName = resourceName; }
    public String getIpAddress() { return ipAddress; }
    public void setIpAddress(String ipAddress) { this.ipAddress = ipAddress; }
    public AuditEntryEntity withChain(AuditEntryChainEntity chain) {
        this.chain = chain;
        return this;
    }
    /** A row of {@code select e, c … left join AuditEntryChainEntity c}: the entry with its chain row (or none). */
    public static AuditEntryEntity joined(Object[] entryAndChain) {
        return ((AuditEntryEntity) entryAndChain[0]).withChain((AuditEntryChainEntity) entryAndChain[1]);
    }

    public AuditEntryChainEntity chain() { return chain; }
    public Long getSeq() { return chain == null ? null : chain.getSeq(); }
    public Long getChainPrevSeq() { return chain == null ? null : chain.getChainPrevSeq(); }
    public String getChainHash() { return chain == null ? null : chain.getChainHash(); }

    /** This row's canonical form for the hash chain. */
    public String canonical() {
        return dev.kcaudit.audit.chain.Chain.canonical(id, realmId, time, category, action, outcome, outcomeReason,
                actorId, actorType, actorUsername, actorEmail, actorClientId, resourceType, resourceId, resourceName,
                ipAddress, sessionId, source, organizationsJson, changesJson, detailsJson, originJson);
    }
    public String getIpKey() { return ipKey; }
    public void setIpKey(String ipKey) { this.ipKey = ipKey; }
    public String getSearchText() { return searchText; }
    public void setSearchText(String searchText) { this.searchText = searchText; }
    public String getSessionId() { return sessionId; }
    public void setSessionId(String sessionId) { this.sessionId = sessionId; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getOrganizationsJson() { return organizationsJson; }
    public void setOrganizationsJson(String organizationsJson) { this.organizationsJson = organizationsJson; }
    public String getChangesJson() { return changesJson; }
    public void setChangesJson(String changesJson) { this.changesJson = changesJson; }
    public String getDetailsJson() { return detailsJson; }
    public void setDetailsJson(String detailsJson) { this.detailsJson = detailsJson; }
    public String getOriginJson() { return originJson; }
    public void setOriginJson(String originJson) { this.originJson = originJson; }
    public String getCountry() { return country; }
    public void setCountry(String country) { this.country = country; }
    public String getDevice() { return device; }
    public void setDevice(String device) { this.device = device; }
}
