package dev.kcaudit.audit.export.job;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** Cuts a stream into fixed-size chunks handed to a sink one by one, and digests the whole with SHA-256. */
final class ChunkedOutputStream extends OutputStream {

    /** Receives each chunk with its number. */
    interface Sink {
        void accept(int chunkNo, byte[] data) throws IOException;
    }

    private final byte[] buffer;
    private final Sink sink;
    private final MessageDigest digest;
    private int used;
    private int chunks;
    private long size;
    private boolean closed;

    ChunkedOutputStream(int chunkSize, Sink sink) {
        this.buffer = new byte[chunkSize];
        this.sink = sink;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == buffer.length) {
                emit();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (used > 0) {
                emit();
            }
        }
    }

    private void emit() throws IOException {
        byte[] chunk = Arrays.copyOf(buffer, used);
        digest.update(chunk);
        size += used;
        used = 0;
        sink.accept(chunks++, chunk);
    }

    int chunks() {
        return chunks;
    }

    long size() {
        return size;
    }

    /** The SHA-256 of everything written, once closed. */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
