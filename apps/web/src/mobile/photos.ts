/**
 * Photos are made small on the phone before they are stored: at most 1600 px on the longer
 * side, JPEG. A 12-megapixel camera picture of 4–6 MB becomes ≈300 kB, which a village's
 * weak signal can carry. Drawing it anew also drops the EXIF block, GPS position included:
 * where the worker stood is recorded on purpose (the form's location), not by accident.
 */
export const MAX_PHOTO_SIDE = 1600;
export const JPEG_QUALITY = 0.82;

export interface ScaledPhoto {
  blob: Blob;
  width: number;
  height: number;
}

export function scaledSize(width: number, height: number, max = MAX_PHOTO_SIDE): { width: number; height: number } {
  const longer = Math.max(width, height);
  if (longer <= max) return { width, height };
  const k = max / longer;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; done(): void }> {
  if (typeof createImageBitmap === 'function') {
    // 'from-image' turns a portrait photo upright as the camera meant it.
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { source: bitmap, width: bitmap.width, height: bitmap.height, done: () => bitmap.close() };
  }
  const url = URL.createObjectURL(file);
  const img = new Image();
  img.src = url;
  await img.decode();
  return { source: img, width: img.naturalWidth, height: img.naturalHeight, done: () => URL.revokeObjectURL(url) };
}

export async function downscalePhoto(file: Blob): Promise<ScaledPhoto> {
  const image = await decode(file);
  try {
    const { width, height } = scaledSize(image.width, image.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    // JPEG has no transparency: a PNG screenshot's clear parts become white, not black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(image.source, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    if (!blob) throw new Error('the photo could not be encoded');
    return { blob, width, height };
  } finally {
    image.done();
  }
}
