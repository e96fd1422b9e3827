package dev.kcaudit.audit.store;

/** Where an export job stands; {@link #label} is what the database stores and the API shows. */
public enum ExportJobStatus {
    PENDING("Pending"),
    RUNNING("Running"),
    COMPLETED("Completed"),
    FAILED("Failed");

    private final String label;

    ExportJobStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ExportJobStatus of(String label) {
        for (ExportJobStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown export job status " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}
