import { imageSize } from 'image-size';
import { readAll, readHead, type UploadSource } from '../spool/upload-source';

/** Enough for the header of nearly every photo, even behind a large EXIF or ICC block. */
const HEADER_BYTES = 512 * 1024;

/**
 * Width and height as the file's header declares them, without decoding a pixel, so a
 * decompression bomb is refused before anything allocates its size. Null when the header cannot
 * be read (the caller refuses the file as unreadable).
 */
export async function imageDimensions(source: UploadSource): Promise<{ width: number; height: number } | null> {
  const read = (data: Buffer) => {
    try {
      const { width, height } = imageSize(data);
      return width && height ? { width, height } : null;
    } catch {
      return null;
    }
  };
  const head = await readHead(source, HEADER_BYTES);
  // A header further in than that is rare; the whole file is bounded by the per-file limit.
  return read(head) ?? (source.size > head.length ? read(await readAll(source)) : null);
}
