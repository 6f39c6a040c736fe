package dev.repmlp.engine.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.Node;

// Over 500 lines on purpose: every rule here is one of PIL's decoding rules that the parity tests
// pin byte for byte (grey, palette, 16-bit, alpha, JPEG YCbCr/CMYK/YCCK with libjpeg's tables, PNM,
// truncation and decompression-bomb checks), and the nested JPEG and PNM readers share its
// raster-to-RgbImage conversion; split apart they would only pass half-decoded rasters between
// classes. The data-pipeline work may split the format readers out; until then it stays one file.
/**
 * Decodes image files to the pixels PIL gives for {@code Image.open(f).convert('RGB')}, which is
 * what upstream's test.py and training pipeline (torchvision's ImageFolder loader) see.
 *
 * <p>ImageIO's readers parse the files (its JPEG reader is IJG libjpeg with the same integer
 * inverse DCT and fancy upsampling as PIL's libjpeg-turbo), but no ImageIO colour conversion is
 * used: samples are taken from the raw raster and converted with PIL's rules
 * (shared/spec/preprocessing.md):
 *
 * <ul>
 *   <li>grey (8-bit, 1/2/4-bit, grey + alpha): (v, v, v), no gamma or colour-space change; 16-bit
 *       grey opens as PIL mode {@code I} and is clipped to 0..255, not scaled;
 *   <li>RGB, RGBA, grey + alpha: alpha dropped, never composited; other 16-bit modes keep the high
 *       byte, as PIL's {@code ;16B} unpackers do;
 *   <li>palette: the palette colours, transparency ignored;
 *   <li>JPEG: YCbCr to RGB with libjpeg's fixed-point tables ({@code jdcolor.c}); CMYK and YCCK as
 *       PIL reads them ({@code CMYK;I}, with or without an Adobe marker) then PIL's {@code
 *       cmyk2rgb} ({@code Convert.c}); CMYK TIFFs through {@code cmyk2rgb} too; embedded ICC
 *       profiles and EXIF orientation are ignored, as PIL ignores them;
 *   <li>a truncated file is refused ("image file is truncated", as PIL raises);
 *   <li>an image over {@link #MAX_PIXELS} is refused before it is decoded, as PIL's
 *       DecompressionBombError refuses it.
 * </ul>
 *
 * Most JPEGs (8-bit YCbCr or grey, complete) take a faster path, {@link JpegFastPath}: OpenCV's
 * libjpeg-turbo, whose output is PIL's bit for bit; every other file comes here.
 *
 * <p>The format is found from the content, never the extension (PNG data in a {@code .JPEG} file
 * decodes as PNG). Binary PGM/PPM (torchvision lists {@code .pgm} and {@code .ppm}) are read here
 * too; WebP has no reader on the JVM and is refused with a message that says so.
 */
public final class ImageDecoder {
    /**
     * Largest image decoded, in pixels: PIL's {@code 2 * Image.MAX_IMAGE_PIXELS}, above which PIL
     * raises {@code DecompressionBombError} (upstream cannot read such a file either).
     */
    public static final long MAX_PIXELS = 2L * 89_478_485L;

    private ImageDecoder() {}

    /**
     * Decodes {@code file}.
     *
     * @return the image as PIL's {@code convert('RGB')} gives it
     * @throws ImageDecodeException naming the file and the reason (missing, unreadable, truncated,
     *     not an image, too large, unsupported format)
     */
    public static RgbImage read(Path file) throws ImageDecodeException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(file + " could not be read: " + readFailure(e), e);
        }
        try {
            return decode(bytes);
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    /**
     * Which decoder common JPEGs go through in this process, for logs and benchmarks: {@code
     * "libturbojpeg (system, SIMD)"}, {@code "OpenCV's bundled libjpeg-turbo (no SIMD) ..."} or
     * {@code "ImageIO"}. Loads the decoder's natives if they are not loaded yet.
     */
    public static String jpegDecoder() {
        JpegFastPath.Backend b = JpegFastPath.backend();
        if (b == null) {
            return "ImageIO";
        }
        return b == JpegFastPath.Backend.TURBOJPEG
                ? "libturbojpeg (system, SIMD)"
                : "OpenCV's bundled libjpeg-turbo (no SIMD; install libturbojpeg0 / turbojpeg for"
                        + " about 2x faster decoding)";
    }

    /**
     * Decodes an image held in memory (a file's bytes).
     *
     * @throws ImageDecodeException with the reason, without a file name
     */
    public static RgbImage decode(byte[] bytes) throws ImageDecodeException {
        if (isWebp(bytes)) {
            throw new ImageDecodeException(
                    "WebP images are not supported by this decoder; convert them to PNG or JPEG"
                            + " (e.g. dwebp or ImageMagick's convert)",
                    null);
        }
        if (isPnm(bytes)) {
            return Pnm.decode(bytes);
        }
        RgbImage fast = JpegFastPath.tryDecode(bytes);
        if (fast != null) {
            return fast;
        }
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException(
                        "not an image this reader understands (JPEG, PNG, BMP, TIFF, PGM/PPM)",
                        null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((src, w) -> warnings.add(w));
                checkSize(reader.getWidth(0), reader.getHeight(0));
                boolean jpeg = "jpeg".equalsIgnoreCase(reader.getFormatName());
                RgbImage img =
                        jpeg
                                ? Jpeg.decode(
                                        reader.readRaster(0, null), reader.getImageMetadata(0))
                                : fromBufferedImage(reader.read(0));
                for (String w : warnings) {
                    String lw = w.toLowerCase(Locale.ROOT);
                    if (jpeg
                            && lw.contains("premature end of data segment")
                            && JpegFastPath.endsWithEoi(bytes)) {
                        // libjpeg met a marker inside the scan data and decoded the rest as
                        // blank, but the file is whole: PIL only warns too and keeps the image
                        continue;
                    }
                    if (lw.contains("truncated") || lw.contains("premature end")) {
                        throw new ImageDecodeException(
                                "image file is truncated (" + w + "); PIL refuses it too", null);
                    }
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException("could not be decoded: " + reason(e), e);
        }
    }

    /**
     * Why a file could not be read: NIO's missing-file and permission exceptions carry only the
     * path as their message, so they are named here.
     */
    private static String readFailure(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file (deleted or moved after the folder was listed)";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return reason(e);
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static void checkSize(long w, long h) throws ImageDecodeException {
        if (w * h > MAX_PIXELS) {
            throw new ImageDecodeException(
                    "image is "
                            + w
                            + "x"
                            + h
                            + " pixels, over the limit of "
                            + MAX_PIXELS
                            + " (PIL's decompression-bomb limit); resize it first",
                    null);
        }
    }

    private static boolean isWebp(byte[] b) {
        return b.length >= 12
                && b[0] == 'R'
                && b[1] == 'I'
                && b[2] == 'F'
                && b[3] == 'F'
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P';
    }

    private static boolean isPnm(byte[] b) {
        return b.length >= 3
                && b[0] == 'P'
                && (b[1] == '2' || b[1] == '3' || b[1] == '5' || b[1] == '6')
                && isSpace(b[2]);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Any non-JPEG image as ImageIO reads it (PNG, BMP, TIFF, GIF): raw raster samples, PIL's
     * conversion rules (see the class comment).
     */
    static RgbImage fromBufferedImage(BufferedImage img) throws ImageDecodeException {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        byte[] rgb = new byte[3 * w * h];
        if (cm instanceof IndexColorModel icm) {
            int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < idx.length; i++) {
                int p = icm.getRGB(idx[i]);
                rgb[3 * i] = (byte) (p >> 16);
                rgb[3 * i + 1] = (byte) (p >> 8);
                rgb[3 * i + 2] = (byte) p;
            }
            return new RgbImage(w, h, rgb);
        }
        int bands = r.getNumBands();
        int bits = r.getSampleModel().getSampleSize(0);
        if (cm instanceof java.awt.image.DirectColorModel dcm) {
            // packed pixels (BMP 16/32-bit): each field scaled as PIL's unpackers do,
            // v * 255 / max, truncated
            int[] masks = {dcm.getRedMask(), dcm.getGreenMask(), dcm.getBlueMask()};
            int[] px = new int[bands];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.getPixel(x, y, px);
                    int o = 3 * (y * w + x);
                    for (int c = 0; c < 3; c++) {
                        int max = (1 << Integer.bitCount(masks[c])) - 1;
                        rgb[o + c] = (byte) (max == 255 ? px[c] : px[c] * 255 / max);
                    }
                }
            }
            return new RgbImage(w, h, rgb);
        }
        if (r.getTransferType() == DataBuffer.TYPE_FLOAT
                || r.getTransferType() == DataBuffer.TYPE_DOUBLE) {
            throw new ImageDecodeException(
                    "floating-point samples are not supported; convert the image to 8-bit"
                            + " (e.g. ImageMagick: convert IN -depth 8 OUT.png)",
                    null);
        }
        if ((bits != 8 && bits != 16) || bands > 4) {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                rgb[3 * i] = (byte) (argb[i] >> 16);
                rgb[3 * i + 1] = (byte) (argb[i] >> 8);
                rgb[3 * i + 2] = (byte) argb[i];
            }
            return new RgbImage(w, h, rgb);
        }
        if (bands == 4 && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_CMYK) {
            // a CMYK TIFF: PIL reads it as CMYK (not inverted) and converts with cmyk2rgb
            int[] px = new int[4];
            boolean wideCmyk = bits == 16;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.getPixel(x, y, px);
                    int o = 3 * (y * w + x);
                    int k = wideCmyk ? px[3] >> 8 : px[3];
                    int nk = 255 - k;
                    for (int c = 0; c < 3; c++) {
                        int v = wideCmyk ? px[c] >> 8 : px[c];
                        rgb[o + c] = (byte) Jpeg.clamp(nk - Jpeg.mulDiv255(v, nk));
                    }
                }
            }
            return new RgbImage(w, h, rgb);
        }
        boolean grey = bands <= 2;
        if (!grey && cm.getColorSpace().getNumComponents() != 3) {
            throw new ImageDecodeException(
                    "colour space with "
                            + cm.getColorSpace().getNumComponents()
                            + " components is not supported; convert the image to RGB",
                    null);
        }
        int[] row = new int[w * bands];
        boolean wide = r.getTransferType() != DataBuffer.TYPE_BYTE && bits == 16;
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int o = 3 * (y * w + x);
                if (grey) {
                    int v = row[x * bands];
                    // 16-bit grey is PIL mode I: clipped, not scaled; grey + alpha 16-bit: high
                    // byte
                    int g = wide ? (bands == 1 ? Math.min(v, 255) : v >> 8) : v;
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = (byte) g;
                } else {
                    for (int c = 0; c < 3; c++) {
                        int v = row[x * bands + c];
                        rgb[o + c] = (byte) (wide ? v >> 8 : v);
                    }
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** JPEG colour handling as libjpeg's decompressor and PIL's JpegImagePlugin do it. */
    static final class Jpeg {
        private static final int SCALEBITS = 16;
        private static final int ONE_HALF = 1 << (SCALEBITS - 1);
        private static final int[] CR_R = new int[256];
        private static final int[] CB_B = new int[256];
        private static final int[] CR_G = new int[256];
        private static final int[] CB_G = new int[256];

        static {
            // jdcolor.c build_ycc_rgb_table
            for (int i = 0; i < 256; i++) {
                int x = i - 128;
                CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
                CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
                CR_G[i] = -fix(0.71414) * x;
                CB_G[i] = -fix(0.34414) * x + ONE_HALF;
            }
        }

        private Jpeg() {}

        private static int fix(double x) {
            return (int) (x * (1L << SCALEBITS) + 0.5);
        }

        static int clamp(int v) {
            return v < 0 ? 0 : Math.min(v, 255);
        }

        /** What the file's markers say about its colour space (libjpeg's rules). */
        record Markers(boolean jfif, int adobeTransform, int[] componentIds) {}

        static RgbImage decode(Raster raster, IIOMetadata meta) throws ImageDecodeException {
            Markers m = markers(meta);
            int w = raster.getWidth();
            int h = raster.getHeight();
            int bands = raster.getNumBands();
            int[] px = raster.getPixels(0, 0, w, h, (int[]) null);
            byte[] rgb = new byte[3 * w * h];
            switch (bands) {
                case 1 -> {
                    for (int i = 0; i < w * h; i++) {
                        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) px[i];
                    }
                }
                case 3 -> {
                    boolean isRgb = isRgb(m);
                    for (int i = 0; i < w * h; i++) {
                        int a = px[3 * i];
                        int b = px[3 * i + 1];
                        int c = px[3 * i + 2];
                        if (isRgb) {
                            rgb[3 * i] = (byte) a;
                            rgb[3 * i + 1] = (byte) b;
                            rgb[3 * i + 2] = (byte) c;
                        } else {
                            rgb[3 * i] = (byte) clamp(a + CR_R[c]);
                            rgb[3 * i + 1] = (byte) clamp(a + ((CB_G[b] + CR_G[c]) >> SCALEBITS));
                            rgb[3 * i + 2] = (byte) clamp(a + CB_B[b]);
                        }
                    }
                }
                case 4 -> {
                    // jdapimin.c: Adobe transform 0 is plain CMYK, anything else (2) YCCK;
                    // no Adobe marker: CMYK
                    boolean ycck = m.adobeTransform() > 0;
                    // PIL reads every CMYK JPEG as "CMYK;I" (Adobe's inverted convention),
                    // marker or not
                    boolean inverted = true;
                    for (int i = 0; i < w * h; i++) {
                        int c0 = px[4 * i];
                        int c1 = px[4 * i + 1];
                        int c2 = px[4 * i + 2];
                        int k = px[4 * i + 3];
                        int cc;
                        int mm;
                        int yy;
                        if (ycck) {
                            // jdcolor.c ycck_cmyk_convert
                            cc = 255 - clamp(c0 + CR_R[c2]);
                            mm = 255 - clamp(c0 + ((CB_G[c1] + CR_G[c2]) >> SCALEBITS));
                            yy = 255 - clamp(c0 + CB_B[c1]);
                        } else {
                            cc = c0;
                            mm = c1;
                            yy = c2;
                        }
                        if (inverted) {
                            cc = 255 - cc;
                            mm = 255 - mm;
                            yy = 255 - yy;
                            k = 255 - k;
                        }
                        int nk = 255 - k;
                        rgb[3 * i] = (byte) clamp(nk - mulDiv255(cc, nk));
                        rgb[3 * i + 1] = (byte) clamp(nk - mulDiv255(mm, nk));
                        rgb[3 * i + 2] = (byte) clamp(nk - mulDiv255(yy, nk));
                    }
                }
                default ->
                        throw new ImageDecodeException(
                                "JPEG with " + bands + " components is not supported", null);
            }
            return new RgbImage(w, h, rgb);
        }

        /** PIL's MULDIV255: a * b / 255, rounded. */
        static int mulDiv255(int a, int b) {
            int t = a * b + 128;
            return ((t >> 8) + t) >> 8;
        }

        private static boolean isRgb(Markers m) {
            if (m.jfif()) {
                return false;
            }
            if (m.adobeTransform() >= 0) {
                return m.adobeTransform() == 0;
            }
            int[] ids = m.componentIds();
            return ids.length == 3 && ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B';
        }

        static Markers markers(IIOMetadata meta) {
            boolean jfif = false;
            int adobe = -1;
            List<Integer> ids = new ArrayList<>();
            if (meta != null) {
                Node root = meta.getAsTree("javax_imageio_jpeg_image_1.0");
                jfif = find(root, "app0JFIF") != null;
                Node a = find(root, "app14Adobe");
                if (a != null) {
                    Node t = a.getAttributes().getNamedItem("transform");
                    adobe = t == null ? 1 : Integer.parseInt(t.getNodeValue());
                }
                Node sof = find(root, "sof");
                if (sof != null) {
                    for (Node c = sof.getFirstChild(); c != null; c = c.getNextSibling()) {
                        Node id = c.getAttributes().getNamedItem("componentId");
                        if (id != null) {
                            ids.add(Integer.parseInt(id.getNodeValue()));
                        }
                    }
                }
            }
            return new Markers(jfif, adobe, ids.stream().mapToInt(Integer::intValue).toArray());
        }

        private static Node find(Node n, String name) {
            if (name.equals(n.getNodeName())) {
                return n;
            }
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                Node f = find(c, name);
                if (f != null) {
                    return f;
                }
            }
            return null;
        }
    }

    /** PGM (P2, P5) and PPM (P3, P6), as PIL's PpmImagePlugin reads them. */
    static final class Pnm {
        private Pnm() {}

        static RgbImage decode(byte[] b) throws ImageDecodeException {
            int[] pos = {2};
            int w = next(b, pos);
            int h = next(b, pos);
            int max = next(b, pos);
            pos[0]++; // one whitespace after maxval
            checkSize(w, h);
            if (w <= 0 || h <= 0 || max <= 0 || max > 65535) {
                throw new ImageDecodeException("PGM/PPM header is not valid", null);
            }
            boolean colour = b[1] == '6' || b[1] == '3';
            boolean plain = b[1] == '2' || b[1] == '3';
            int bytesPer = max > 255 ? 2 : 1;
            int channels = colour ? 3 : 1;
            if (plain) {
                // text samples: re-encode as the binary form's bytes, then decode alike
                int n = w * h * channels;
                byte[] bin = new byte[n * bytesPer];
                pos[0]--; // next() skips the whitespace itself
                for (int i = 0; i < n; i++) {
                    int v;
                    try {
                        v = next(b, pos);
                    } catch (ImageDecodeException e) {
                        throw new ImageDecodeException(
                                "image file is truncated; PIL refuses it too", null);
                    }
                    if (v > max) {
                        throw new ImageDecodeException(
                                "a sample value " + v + " is above maxval " + max, null);
                    }
                    if (bytesPer == 2) {
                        bin[2 * i] = (byte) (v >> 8);
                        bin[2 * i + 1] = (byte) v;
                    } else {
                        bin[i] = (byte) v;
                    }
                }
                b = bin;
                pos[0] = 0;
            }
            long need = (long) w * h * channels * bytesPer;
            if (pos[0] + need > b.length) {
                throw new ImageDecodeException("image file is truncated; PIL refuses it too", null);
            }
            // PpmImagePlugin: grey with maxval > 255 is mode I (scaled to 0..65535, then clipped
            // to 0..255 by convert('RGB')); other maxvals are scaled to 0..255, rounding half even
            boolean modeI = !colour && max > 255;
            int outMax = modeI ? 65535 : 255;
            byte[] rgb = new byte[3 * w * h];
            int p = pos[0];
            for (int i = 0; i < w * h; i++) {
                for (int c = 0; c < 3; c++) {
                    int src = p + (i * channels + (colour ? c : 0)) * bytesPer;
                    int v =
                            bytesPer == 2
                                    ? ((b[src] & 0xff) << 8) | (b[src + 1] & 0xff)
                                    : b[src] & 0xff;
                    if (max != outMax) {
                        v = (int) Math.min(outMax, Math.rint((double) v / max * outMax));
                    }
                    rgb[3 * i + c] = (byte) Math.min(v, 255);
                }
            }
            return new RgbImage(w, h, rgb);
        }

        private static int next(byte[] b, int[] pos) throws ImageDecodeException {
            int i = pos[0];
            while (i < b.length) {
                if (b[i] == '#') {
                    while (i < b.length && b[i] != '\n') {
                        i++;
                    }
                } else if (isSpace(b[i])) {
                    i++;
                } else {
                    break;
                }
            }
            long v = 0;
            int start = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9' && v < Integer.MAX_VALUE) {
                v = v * 10 + (b[i] - '0');
                i++;
            }
            if (i == start || v > Integer.MAX_VALUE) {
                throw new ImageDecodeException("PGM/PPM header is not valid", null);
            }
            pos[0] = i;
            return (int) v;
        }
    }
}
