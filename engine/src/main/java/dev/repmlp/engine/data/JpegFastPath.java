package dev.repmlp.engine.data;

import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast JPEG path of {@link ImageDecoder}: libjpeg-turbo 2.1 (the library PIL 9.4 decodes with,
 * at the same default settings: integer slow IDCT, fancy upsampling, libjpeg's colour-space guess
 * and YCbCr tables) for the JPEGs where its output is PIL's bit-for-bit, and nothing else. Two
 * backends, the first that loads: the system's {@link TurboJpeg} (with SIMD; about 2x faster) and
 * OpenCV's {@code imdecode}, whose bundled libjpeg-turbo is built without SIMD but ships in the jar
 * for every platform.
 *
 * <p>A file takes this path only when its markers, read here, show an 8-bit baseline, extended or
 * progressive Huffman JPEG with one (grey) or three components that libjpeg decodes as YCbCr, that
 * ends with an EOI marker (so it is not truncated), and whose pixel count is within {@link
 * ImageDecoder#MAX_PIXELS}. CMYK/YCCK, RGB-coded, 12-bit, arithmetic-coded, lossless, truncated or
 * otherwise doubtful files, and any file the backend cannot decode, return {@code null} and go
 * through {@link ImageDecoder}'s ImageIO path and PIL's rules there. EXIF orientation is ignored,
 * as PIL ignores it.
 *
 * <p>The system property {@value #PROPERTY} chooses: {@code auto} (default: TurboJPEG, else
 * OpenCV), {@code turbojpeg}, {@code opencv}, or {@code imageio} (the path off, for comparisons). A
 * backend whose natives cannot be loaded turns itself off with one message in the log.
 */
final class JpegFastPath {
    /**
     * System property choosing the JPEG decoder: {@code auto} (default), {@code turbojpeg}, {@code
     * opencv} or {@code imageio}.
     */
    static final String PROPERTY = "repmlp.jpeg.decoder";

    private static final Logger LOG = LoggerFactory.getLogger(JpegFastPath.class);

    private JpegFastPath() {}

    /** The libjpeg-turbo builds the fast path can call. */
    enum Backend {
        /** The system's libturbojpeg through JNA (SIMD). */
        TURBOJPEG,
        /** OpenCV's {@code imdecode} with its bundled libjpeg-turbo (no SIMD). */
        OPENCV;

        /** Whether this backend's natives are loaded. */
        boolean loaded() {
            return this == TURBOJPEG ? TurboJpeg.available() : OpenCvNatives.LOADED;
        }
    }

    /**
     * The backend the property allows and that is loaded, or {@code null} when the fast path is off
     * (JPEGs then go through ImageIO).
     */
    static Backend backend() {
        String choice = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "imageio":
                return null;
            case "opencv":
                return Backend.OPENCV.loaded() ? Backend.OPENCV : null;
            case "turbojpeg":
                return Backend.TURBOJPEG.loaded() ? Backend.TURBOJPEG : null;
            case "auto":
                break;
            default:
                warnUnknown(choice);
        }
        if (Backend.TURBOJPEG.loaded()) {
            return Backend.TURBOJPEG;
        }
        return Backend.OPENCV.loaded() ? Backend.OPENCV : null;
    }

    private static volatile boolean warned;

    private static void warnUnknown(String choice) {
        if (!warned) {
            warned = true;
            LOG.warn(
                    "-D{}={} is not a decoder (auto, turbojpeg, opencv, imageio); using auto",
                    PROPERTY,
                    choice);
        }
    }

    /** Whether the property allows the fast path and a backend is loaded. */
    static boolean enabled() {
        return backend() != null;
    }

    /** Loads OpenCV's natives once, on first use. */
    private static final class OpenCvNatives {
        static final boolean LOADED = load();

        private static boolean load() {
            try {
                nu.pattern.OpenCV.loadLocally();
                return true;
            } catch (Throwable e) { // UnsatisfiedLinkError, missing platform natives, ...
                LOG.warn(
                        "OpenCV natives could not be loaded ({}); JPEGs are decoded by the slower"
                                + " ImageIO path",
                        e.toString());
                return false;
            }
        }
    }

    /**
     * What the markers before the first scan say.
     *
     * @param width SOF width
     * @param height SOF height
     * @param components number of components
     * @param fastPathOk whether the file qualifies (see the class comment)
     */
    record Header(int width, int height, int components, boolean fastPathOk) {}

    /** Whether {@code b} starts with a JPEG SOI marker. */
    static boolean isJpeg(byte[] b) {
        return b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8;
    }

    /**
     * Reads the markers from SOI to the first SOS; {@code null} if they are malformed (left to the
     * ImageIO path to report).
     */
    static Header scan(byte[] b) {
        int n = b.length;
        if (!isJpeg(b)) {
            return null;
        }
        boolean jfif = false;
        int adobeTransform = -1;
        int sof = -1;
        int precision = 0;
        int width = 0;
        int height = 0;
        int[] ids = new int[0];
        int p = 2;
        while (true) {
            // markers may be preceded by any number of 0xFF fill bytes
            if (p >= n || (b[p] & 0xff) != 0xFF) {
                return null;
            }
            while (p < n && (b[p] & 0xff) == 0xFF) {
                p++;
            }
            if (p + 2 >= n) {
                return null;
            }
            int marker = b[p] & 0xff;
            p++;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // no length field
            }
            int len = u16(b, p);
            if (len < 2 || p + len > n) {
                return null;
            }
            int seg = p + 2;
            if (marker == 0xDA) { // SOS: the header is complete
                break;
            }
            if (marker == 0xE0 && len >= 7 && ascii(b, seg, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xEE && len >= 14 && ascii(b, seg, "Adobe")) {
                adobeTransform = b[seg + 11] & 0xff;
            } else if (marker >= 0xC0
                    && marker <= 0xCF
                    && marker != 0xC4
                    && marker != 0xC8
                    && marker != 0xCC) {
                if (sof >= 0 || len < 8) {
                    return null;
                }
                sof = marker;
                precision = b[seg] & 0xff;
                height = u16(b, seg + 1);
                width = u16(b, seg + 3);
                int nc = b[seg + 5] & 0xff;
                if (len < 8 + 3 * nc) {
                    return null;
                }
                ids = new int[nc];
                for (int i = 0; i < nc; i++) {
                    ids[i] = b[seg + 6 + 3 * i] & 0xff;
                }
            }
            p += len;
        }
        if (sof < 0) {
            return null;
        }
        boolean huffman8 = (sof == 0xC0 || sof == 0xC1 || sof == 0xC2) && precision == 8;
        boolean colourOk =
                ids.length == 1 || (ids.length == 3 && !rgbCoded(jfif, adobeTransform, ids));
        boolean complete = endsWithEoi(b);
        boolean sizeOk =
                width > 0 && height > 0 && (long) width * height <= ImageDecoder.MAX_PIXELS;
        return new Header(width, height, ids.length, huffman8 && colourOk && complete && sizeOk);
    }

    /** libjpeg's guess ({@code jdapimin.c default_decompress_parms}) for three components. */
    private static boolean rgbCoded(boolean jfif, int adobeTransform, int[] ids) {
        if (jfif) {
            return false;
        }
        if (adobeTransform >= 0) {
            return adobeTransform == 0;
        }
        return ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B';
    }

    /** Whether the file ends with an EOI marker (a whole JPEG, though maybe corrupt inside). */
    static boolean endsWithEoi(byte[] b) {
        int n = b.length;
        return n >= 4 && (b[n - 2] & 0xff) == 0xFF && (b[n - 1] & 0xff) == 0xD9;
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static boolean ascii(byte[] b, int p, String s) {
        if (p + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes {@code bytes} if the file qualifies and the fast path is on.
     *
     * @return PIL's {@code convert('RGB')} pixels, or {@code null}: use the ImageIO path
     */
    static RgbImage tryDecode(byte[] bytes) {
        if (!isJpeg(bytes)) {
            return null;
        }
        Backend backend = backend();
        return backend == null ? null : tryDecode(bytes, backend);
    }

    /**
     * Decodes {@code bytes} with {@code backend} if the file qualifies and the backend is loaded.
     *
     * @return PIL's {@code convert('RGB')} pixels, or {@code null}: use the ImageIO path
     */
    static RgbImage tryDecode(byte[] bytes, Backend backend) {
        if (!isJpeg(bytes) || !backend.loaded()) {
            return null;
        }
        Header h = scan(bytes);
        if (h == null || !h.fastPathOk()) {
            return null;
        }
        return backend == Backend.TURBOJPEG
                ? TurboJpeg.decode(bytes, h.width(), h.height())
                : openCv(bytes, h);
    }

    private static RgbImage openCv(byte[] bytes, Header h) {
        MatOfByte in = new MatOfByte();
        Mat bgr = null;
        Mat rgb = new Mat();
        try {
            in.fromArray(bytes);
            bgr =
                    Imgcodecs.imdecode(
                            in, Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
            if (bgr.empty()
                    || bgr.cols() != h.width()
                    || bgr.rows() != h.height()
                    || bgr.type() != CvType.CV_8UC3) {
                return null;
            }
            Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
            byte[] out = new byte[3 * h.width() * h.height()];
            rgb.get(0, 0, out);
            return new RgbImage(h.width(), h.height(), out);
        } finally {
            in.release();
            if (bgr != null) {
                bgr.release();
            }
            rgb.release();
        }
    }
}
