/**
 * What kind of image a file is, from its first bytes, never from the name or the Content-Type
 * a client claims: a photo upload that is not a JPEG, PNG, WebP or HEIC image is refused.
 */

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

export const IMAGE_TYPES: readonly ImageType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// ISO BMFF brands of HEIF still images as phones write them (iPhone: heic). mif1/msf1 are
// generic HEIF: a major brand of its own, but AVIF lists them among its compatible brands too.
const HEVC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const GENERIC_HEIF = new Set(['mif1', 'msf1']);

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The image type of the bytes, or null when they are none of the accepted images. */
export function sniffImage(head: Uint8Array): ImageType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && PNG_SIGNATURE.every((v, i) => head[i] === v)) return 'image/png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    // The major brand, then the compatible brands up to the end of the ftyp box.
    const boxSize = ((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0);
    const end = Math.min(head.length, Math.max(16, boxSize));
    const major = ascii(head, 8, 12);
    if (HEVC_BRANDS.has(major) || GENERIC_HEIF.has(major)) return 'image/heic';
    for (let i = 16; i + 4 <= end; i += 4) if (HEVC_BRANDS.has(ascii(head, i, i + 4))) return 'image/heic';
  }
  return null;
}
