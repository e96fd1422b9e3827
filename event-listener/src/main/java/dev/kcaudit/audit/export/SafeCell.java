package dev.kcaudit.audit.export;

/**
 * Pure: spreadsheet formula injection defence (OWASP "CSV injection"): a cell that a spreadsheet would read as a
 * formula (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe, so it is shown as text.
 */
public final class SafeCell {

    private SafeCell() {
    }

    public static String of(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
