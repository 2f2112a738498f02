/** Small files whose first bytes say what they are, for tests of image handling. */

/** A real 1x1 PNG: browsers draw it. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** A JPEG's start (SOI and an APP0 marker) with some bytes after. */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(32, 7)]);
export const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0]), Buffer.alloc(16)]);
/** A RIFF container of form WEBP. */
export const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(18)]);
/** Text, whatever a file name might claim. */
export const TEXT = Buffer.from('这不是图片，是一个改了扩展名的文本文件 / not an image\n');

/** `bytes` of a PNG's signature followed by filler: a PNG as far as its first bytes tell, of any size. */
export function pngOfSize(bytes: number): Buffer {
  const file = Buffer.alloc(bytes, 0);
  PNG.copy(file, 0, 0, Math.min(PNG.length, bytes));
  return file;
}
