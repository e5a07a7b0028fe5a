package id.dicomgateway.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The synthetic sample study shipped in the jar ({@value #RESOURCE}): three series, ten instances,
 * about 300 KB of DICOM, no real patient, an empty AccessionNumber. Written by
 * {@code tools/demo-sample/make_sample.py}, which says exactly what is in it.
 */
public final class SampleStudy {
    public static final String RESOURCE = "demo/sample-study.zip";
    public static final String FILE_NAME = "dicom-gateway-sample-study.zip";

    private SampleStudy() {
    }

    /** The ZIP as shipped; the caller closes it. */
    public static InputStream open() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = (loader == null ? SampleStudy.class.getClassLoader() : loader).getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new UncheckedIOException(new IOException(RESOURCE + " is missing from the build"));
        }
        return in;
    }
}
