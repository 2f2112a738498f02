import { describe, expect, it } from 'vitest';
import { createMediaStore, MEDIA_MAX_BYTES, mediaIdOf, mediaInPayload, mediaPath, mediaReferencesOf, sniffImageType } from '../../src/storage/index.js';
import { GIF, JPEG, PNG, TEXT, WEBP, pngOfSize } from '../support/images.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

const AT = '2026-12-02T07:00:00.000Z';
const fromUser = { channel: 'directline', conversationId: 'conv-1', uploader: { role: 'user' as const, id: 'dl_u1' }, createdAt: AT };

describe('sniffImageType', () => {
  it.each([
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['GIF', GIF, 'image/gif'],
    ['WebP', WEBP, 'image/webp'],
  ])('tells a %s by its first bytes', (_name, bytes, type) => {
    expect(sniffImageType(bytes)).toBe(type);
  });

  it.each([
    ['text', TEXT],
    ['an empty file', Buffer.alloc(0)],
    ['a RIFF file that is not WebP (a WAV)', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')])],
    ['a PNG signature cut short', PNG.subarray(0, 7)],
    ['an SVG, which can carry script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
  ])('says %s is no image', (_name, bytes) => {
    expect(sniffImageType(bytes)).toBeUndefined();
  });
});

describeEachDialect((dialect) => {
  describe('createMediaStore', () => {
    const temp = useTempDatabases(dialect);
    it('keeps an image under a random id and gives it back with its bytes and the type its bytes say', async () => {
      const store = createMediaStore((await temp.open()).db);
      const kept = await store.save({ ...fromUser, bytes: PNG });
      expect(kept).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), channel: 'directline', conversationId: 'conv-1', contentType: 'image/png', size: PNG.length, uploader: { role: 'user', id: 'dl_u1' }, createdAt: AT });
      const read = await store.get(kept.id);
      expect(read).toMatchObject({ ...kept });
      expect(Buffer.compare(read!.bytes, PNG)).toBe(0);
      expect(await store.get('no-such-image-id')).toBeUndefined();
    });

    it('gives every image its own unguessable id', async () => {
      const store = createMediaStore((await temp.open()).db);
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) ids.add((await store.save({ ...fromUser, bytes: GIF })).id);
      expect(ids.size).toBe(20);
    });

    it('refuses a file that is not an image by its bytes, whatever it is called', async () => {
      const store = createMediaStore((await temp.open()).db);
      await expect(store.save({ ...fromUser, bytes: TEXT })).rejects.toMatchObject({ code: 'STORAGE_NOT_AN_IMAGE' });
    });

    it('takes an image of exactly 5 MB and refuses one byte more', async () => {
      const store = createMediaStore((await temp.open()).db);
      await expect(store.save({ ...fromUser, bytes: pngOfSize(MEDIA_MAX_BYTES) })).resolves.toMatchObject({ size: MEDIA_MAX_BYTES });
      await expect(store.save({ ...fromUser, bytes: pngOfSize(MEDIA_MAX_BYTES + 1) })).rejects.toMatchObject({ code: 'STORAGE_TOO_LARGE' });
    });
  });
});

describe('media references', () => {
  it('names a kept image by its path, and reads the id back from the path or an absolute URL of it', () => {
    expect(mediaPath('abcDEF123_-xyzabcdefghij')).toBe('/media/abcDEF123_-xyzabcdefghij');
    expect(mediaIdOf('/media/abcDEF123_-xyzabcdefghij')).toBe('abcDEF123_-xyzabcdefghij');
    expect(mediaIdOf('https://kefu.example.com/media/abcDEF123_-xyzabcdefghij')).toBe('abcDEF123_-xyzabcdefghij');
    expect(mediaIdOf('https://evil.example/track.png')).toBeUndefined();
    expect(mediaIdOf('/media/../etc/passwd')).toBeUndefined();
  });

  it('keeps only the kept images of an activity, as id and type, and reads them back from a payload', () => {
    const refs = mediaReferencesOf([{ contentType: 'image/png', contentUrl: '/media/abcdefghijklmnop' }, { contentType: 'image/png', contentUrl: 'https://elsewhere/x.png' }, { contentType: 'application/vnd.microsoft.card.hero' }]);
    expect(refs).toEqual([{ id: 'abcdefghijklmnop', contentType: 'image/png' }]);
    expect(mediaInPayload({ attachments: ['image/png'], media: refs })).toEqual(refs);
    expect(mediaInPayload(null)).toEqual([]);
    expect(mediaInPayload({ media: [{ id: 5 }] })).toEqual([]);
  });
});
