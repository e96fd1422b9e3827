package dev.kcaudit.audit.export;

import dev.kcaudit.audit.model.AuditEntry;
import java.io.IOException;

/** Writes entries to an output stream in one format, one at a time, so memory stays flat. */
public interface EntryWriter extends AutoCloseable {

    void write(AuditEntry entry) throws IOException;

    @Override
    void close() throws IOException;
}
