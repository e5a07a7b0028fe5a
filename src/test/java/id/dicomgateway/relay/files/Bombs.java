package id.dicomgateway.relay.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * ZIP archives of one entry of zeros, gigabytes of it in a few megabytes, made in a second instead
 * of deflating every byte: one MiB of zeros deflated with a full flush is a byte-aligned block that
 * needs no earlier data (RFC 1951 3.2.4), so the same block repeated is a valid stream of as many MiB.
 * Written by hand after APPNOTE 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (end record).
 */
public final class Bombs {
    private Bombs() {
    }

    public static Path zerosZip(Path file, String entryName, long mebibytes) throws IOException {
        long size = mebibytes;
        if (size % (1 << 20) != 0 || size >= (4L << 30)) {
            throw new IllegalArgumentException("whole MiB, under 4 GiB (no ZIP64)");
        }
        byte[] zeros = new byte[1 << 20];
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(zeros);
        byte[] block = deflate(deflater, Deflater.FULL_FLUSH);
        deflater.finish();
        byte[] last = deflate(deflater, Deflater.NO_FLUSH);
        deflater.end();
        long blocks = size >> 20;
        CRC32 crc = new CRC32();
        for (long i = 0; i < blocks; i++) {
            crc.update(zeros);
        }
        long compressed = block.length * blocks + last.length;
        byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header(0x04034b50, crc.getValue(), compressed, size, name, false));
            out.write(name);
            for (long i = 0; i < blocks; i++) {
                out.write(block);
            }
            out.write(last);
            long directoryAt = 30 + name.length + compressed;
            byte[] central = header(0x02014b50, crc.getValue(), compressed, size, name, true);
            out.write(central);
            out.write(name);
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                    .putInt(central.length + name.length).putInt((int) directoryAt).putShort((short) 0);
            out.write(end.array());
        }
        return file;
    }

    private static byte[] deflate(Deflater deflater, int flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n = deflater.deflate(buf, 0, buf.length, flush);
            out.write(buf, 0, n);
            if (n < buf.length && (flush != Deflater.NO_FLUSH || deflater.finished())) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] header(int signature, long crc, long compressed, long size, byte[] name, boolean central) {
        ByteBuffer b = ByteBuffer.allocate(central ? 46 : 30).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(signature);
        if (central) {
            b.putShort((short) 20); // made by
        }
        b.putShort((short) 20).putShort((short) 0).putShort((short) 8).putShort((short) 0).putShort((short) 0x21)
                .putInt((int) crc).putInt((int) compressed).putInt((int) size).putShort((short) name.length).putShort((short) 0);
        if (central) {
            b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0);
        }
        return b.array();
    }
}
