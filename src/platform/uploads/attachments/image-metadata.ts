import type { CleanableImageFormat } from './attachment-types';

/**
 * Guards against decompression bombs: a few kilobytes of PNG can declare gigapixels. 120 MP
 * still admits the 108 MP mode of phones common in Indonesia; a decoded image of that size
 * needs about 360 MB, which is as much as one upload should cost.
 */
export const MAX_IMAGE_PIXELS = 120_000_000;
const JPEG_QUALITY = 90;
const WEBP_QUALITY = 90;

/**
 * Decodes and writes the image again in its own format. sharp writes no EXIF, GPS, XMP, IPTC or
 * ICC data unless told to keep it (keepMetadata, withMetadata and friends), so nothing of the
 * original's metadata survives; the orientation is applied to the pixels first because its EXIF
 * tag goes too. Throws sharp's error when the image cannot be decoded or is too large.
 */
export async function reencodeWithoutMetadata(data: Buffer, format: CleanableImageFormat): Promise<Buffer> {
  // `animated` keeps every frame of an animated WebP (the pixel limit then counts them all);
  // it has no effect on still images. failOn stays at sharp's strictest default, as its
  // documentation advises for untrusted input.
  // Loaded on first image: libvips costs about 20 MiB of memory that most processes never need.
  const { default: sharp } = await import('sharp');
  const image = sharp(data, { limitInputPixels: MAX_IMAGE_PIXELS, animated: true, failOn: 'warning' }).rotate();
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: JPEG_QUALITY, mozjpeg: false }).toBuffer();
    case 'png':
      return image.png().toBuffer();
    case 'webp':
      return image.webp({ quality: WEBP_QUALITY }).toBuffer();
  }
}
