package id.dicomgateway.api.send;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.api.QueryParams;
import id.dicomgateway.mime.BodyFilter;
import id.dicomgateway.mime.MultipartReader;
import id.dicomgateway.relay.RelayCommand;
import id.dicomgateway.relay.UploadConfig;
import id.dicomgateway.relay.files.UploadedFiles;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The upload form (RFC 7578) read as a stream: each 'file' part straight into the upload's own
 * temp directory, never whole in memory, counted against the request's temp-space limit. This
 * streaming reader is kept rather than RESTEasy's {@code @RestForm FileUpload}: that one writes
 * to Quarkus's uploads directory, outside that limit, and was not shown to keep a file out of the
 * heap. The text fields are small and capped; 'accesionnum' is the earlier web page's spelling of
 * 'acc'; 'force' and 'verify' are "true" or "false".
 */
@Singleton
final class UploadFormReader {
    /** A form field is a Patient ID or an Accession Number: anything longer is not one. */
    private static final int MAX_FIELD_BYTES = 1024;

    private final long maxUpload;

    UploadFormReader(UploadConfig config) {
        this.maxUpload = config.maxSize().asLongValue();
    }

    /**
     * Reads {@code body} into {@code files} and builds the command; on any failure closes
     * {@code files} (its directory goes) and throws the 4xx that names what to fix.
     */
    RelayCommand read(InputStream body, String contentType, long contentLength, UploadedFiles files, boolean async) {
        boolean read = false;
        try {
            if (contentLength > maxUpload) {
                throw tooLarge();
            }
            String boundary = MultipartReader.boundaryOf(contentType);
            if (boundary == null) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "The upload must be multipart/form-data with a boundary");
            }
            Map<String, String> fields = new HashMap<>();
            parts(new Capped(body), boundary, fields, files);
            if (files.count() == 0) {
                throw new ApiException(ErrorCode.INVALID_REQUEST,
                        "The upload has no 'file' part: send one or more DICOM files or ZIP archives of them as 'file'");
            }
            String acc = fields.containsKey("acc") ? fields.get("acc") : fields.get("accesionnum");
            RelayCommand command = RelayCommand.upload(files, fields.get("patientid"), acc, flag(fields, "force", false),
                    flag(fields, "verify", true), async);
            read = true;
            return command;
        } catch (MultipartReader.MultipartException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The upload is not a complete multipart/form-data body: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!read) {
                files.close();
            }
        }
    }

    private static void parts(InputStream body, String boundary, Map<String, String> fields, UploadedFiles files) throws IOException {
        MultipartReader reader = new MultipartReader(body, boundary);
        while (reader.next()) {
            String disposition = reader.headers().get("content-disposition");
            String name = MultipartReader.parameter(disposition, "name");
            if ("file".equals(name)) {
                Path file = files.newFile();
                try (OutputStream out = files.create(file)) {
                    reader.copyBody(out);
                }
                files.add(MultipartReader.parameter(disposition, "filename"), file);
            } else if ("patientid".equals(name) || "acc".equals(name) || "accesionnum".equals(name) || "force".equals(name)
                    || "verify".equals(name)) {
                fields.put(name, field(reader, name));
            } else {
                reader.copyBody(OutputStream.nullOutputStream());
            }
        }
    }

    private static String field(MultipartReader reader, String name) throws IOException {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        reader.copyBody(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (value.size() + len > MAX_FIELD_BYTES) {
                    throw new ApiException(ErrorCode.INVALID_VALUE, "Form field '" + name + "' is longer than " + MAX_FIELD_BYTES + " bytes");
                }
                value.write(b, off, len);
            }
        });
        return value.toString(StandardCharsets.UTF_8);
    }

    /** A form field that is "true" or "false" (any case); absent or empty: {@code otherwise}. */
    private static boolean flag(Map<String, String> fields, String name, boolean otherwise) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        Boolean flag = QueryParams.trueOrFalse(value);
        if (flag == null) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "Form field '" + name + "' must be true or false");
        }
        return flag;
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.TOO_LARGE,
                "The upload is larger than the " + (maxUpload >> 20) + " MiB allowed (UPLOAD_MAX_SIZE); send fewer files at once");
    }

    /**
     * Counts body bytes as they arrive (a chunked upload has no Content-Length to check up front), and
     * tells a broken connection (the client went away) from a failure of ours.
     */
    private final class Capped extends BodyFilter {
        private long count;

        Capped(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "The upload was interrupted before its body was complete; nothing was sent");
            }
            if (n > 0 && (count += n) > maxUpload) {
                throw tooLarge();
            }
            return n;
        }
    }
}
