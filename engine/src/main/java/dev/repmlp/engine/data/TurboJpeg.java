package dev.repmlp.engine.data;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's TurboJPEG library ({@code libturbojpeg}, part of libjpeg-turbo: Debian/Ubuntu
 * package {@code libturbojpeg0}, Fedora {@code turbojpeg}, Homebrew {@code jpeg-turbo}) through
 * JNA: the same decoder PIL 9.4 uses, with its SIMD code, at libjpeg's defaults (accurate integer
 * IDCT, fancy upsampling), so its RGB output is PIL's {@code convert('RGB')} bit for bit.
 *
 * <p>Looked up once, as {@code libturbojpeg.so.0} and then by JNA's search for {@code turbojpeg}
 * (JNA's {@code jna.library.path} adds folders, e.g. {@code /opt/libjpeg-turbo/lib64}). Absent,
 * {@link #available()} is false and {@link JpegFastPath} uses OpenCV's bundled decoder instead.
 * Decompressor handles are pooled: one per thread decoding at the same time.
 */
final class TurboJpeg {
    private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);

    /** {@code TJPF_RGB}: interleaved R, G, B bytes. */
    private static final int TJPF_RGB = 0;

    private static final boolean LOADED = load();

    private static final ConcurrentLinkedQueue<Pointer> HANDLES = new ConcurrentLinkedQueue<>();

    private TurboJpeg() {}

    private static boolean load() {
        for (String name : List.of("libturbojpeg.so.0", "turbojpeg")) {
            try {
                Native.register(TurboJpeg.class, NativeLibrary.getInstance(name));
                return true;
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                LOG.debug("TurboJPEG not loaded as {}: {}", name, e.toString());
            }
        }
        LOG.info(
                "libturbojpeg not found: JPEGs are decoded by OpenCV's bundled libjpeg-turbo,"
                        + " about 2x slower (install libturbojpeg0 / turbojpeg for the fast path)");
        return false;
    }

    /** Whether the library is loaded. */
    static boolean available() {
        return LOADED;
    }

    private static native Pointer tjInitDecompress();

    private static native int tjDecompressHeader3(
            Pointer handle,
            byte[] jpeg,
            NativeLong size,
            int[] width,
            int[] height,
            int[] subsampling,
            int[] colorspace);

    private static native int tjDecompress2(
            Pointer handle,
            byte[] jpeg,
            NativeLong size,
            byte[] dst,
            int width,
            int pitch,
            int height,
            int pixelFormat,
            int flags);

    /**
     * Decodes a JPEG to RGB.
     *
     * @param bytes the file
     * @param width the width its SOF marker gives
     * @param height the height its SOF marker gives
     * @return the pixels, or {@code null} when the library is absent, fails or warns on the file,
     *     or reads other dimensions than the markers (the caller falls back to another decoder)
     */
    static RgbImage decode(byte[] bytes, int width, int height) {
        if (!LOADED) {
            return null;
        }
        Pointer h = HANDLES.poll();
        if (h == null) {
            h = tjInitDecompress();
            if (h == null) {
                return null;
            }
        }
        try {
            NativeLong size = new NativeLong(bytes.length);
            int[] w = new int[1];
            int[] ht = new int[1];
            int[] sub = new int[1];
            int[] cs = new int[1];
            if (tjDecompressHeader3(h, bytes, size, w, ht, sub, cs) != 0
                    || w[0] != width
                    || ht[0] != height) {
                return null;
            }
            byte[] out = new byte[3 * width * height];
            if (tjDecompress2(h, bytes, size, out, width, 0, height, TJPF_RGB, 0) != 0) {
                // a warning too (corrupt data libjpeg decoded around): PIL refuses some such
                // files, so the ImageIO path decides with PIL's rules
                return null;
            }
            return new RgbImage(width, height, out);
        } finally {
            HANDLES.offer(h);
        }
    }
}
