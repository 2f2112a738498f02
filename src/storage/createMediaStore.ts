import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, MediaContentType, MediaTable } from './schema.js';
import { guardStorage, StorageError } from './StorageError.js';

/** The largest image kept: 5 MB. */
export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;

/** An image to keep, for one conversation. Its type is read from its bytes, never taken from the sender. */
export interface NewMedia {
  readonly channel: string;
  readonly conversationId: string;
  readonly bytes: Uint8Array;
  /** Who sent it: the user (by their id on the channel) or an agent (by id). */
  readonly uploader: { readonly role: 'user' | 'agent'; readonly id: string | null };
  /** ISO-8601 */
  readonly createdAt: string;
}

/** A kept image, without its bytes. */
export interface StoredMedia {
  readonly id: string;
  readonly channel: string;
  readonly conversationId: string;
  readonly contentType: MediaContentType;
  readonly size: number;
  readonly uploader: { readonly role: 'user' | 'agent'; readonly id: string | null };
  readonly createdAt: string;
}

export interface MediaStore {
  /**
   * Keeps an image under a new random id.
   * @throws StorageError `STORAGE_NOT_AN_IMAGE` when the bytes are not PNG, JPEG, GIF or WebP,
   *   `STORAGE_TOO_LARGE` over {@link MEDIA_MAX_BYTES}.
   */
  save(media: NewMedia): Promise<StoredMedia>;
  /** The image with this id and its bytes; undefined when there is none. */
  get(id: string): Promise<(StoredMedia & { readonly bytes: Buffer }) | undefined>;
}

export interface MediaStoreOptions {
  /** The largest image taken, in bytes. Default {@link MEDIA_MAX_BYTES}. */
  readonly maxBytes?: number;
  /** New ids; default 18 random bytes as base64url (144 bits, 24 characters). */
  readonly newId?: () => string;
}

const startsWith = (bytes: Uint8Array, at: number, signature: readonly number[]) => signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/**
 * The image type of a file by its first bytes (its "magic number"), whatever its name or declared
 * type say; undefined for anything else. PNG, JPEG, GIF (87a and 89a) and WebP (a RIFF file of
 * form WEBP) are the types every browser and WeChat show.
 */
export function sniffImageType(bytes: Uint8Array): MediaContentType | undefined {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, ascii('GIF87a')) || startsWith(bytes, 0, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'image/webp';
  return undefined;
}

const toStored = (row: Omit<Selectable<MediaTable>, 'bytes'>): StoredMedia => ({
  id: row.id,
  channel: row.channel,
  conversationId: row.conversation_id,
  contentType: row.content_type,
  size: Number(row.size),
  uploader: { role: row.uploader_role, id: row.uploader_id },
  createdAt: row.created_at,
});

/** Images in the `media` table (a BLOB on SQLite, BYTEA on PostgreSQL). */
export function createMediaStore(db: Kysely<Database>, { maxBytes = MEDIA_MAX_BYTES, newId = () => randomBytes(18).toString('base64url') }: MediaStoreOptions = {}): MediaStore {
  return {
    async save({ channel, conversationId, bytes, uploader, createdAt }) {
      if (bytes.byteLength > maxBytes) throw new StorageError('STORAGE_TOO_LARGE', `an image of ${bytes.byteLength} bytes is over the ${maxBytes}-byte limit`);
      const contentType = sniffImageType(bytes);
      if (!contentType) throw new StorageError('STORAGE_NOT_AN_IMAGE', 'the file is not a PNG, JPEG, GIF or WebP image');
      return guardStorage(`keeping an image of ${channel} conversation ${conversationId}`, async () => {
        const row = {
          id: newId(),
          channel,
          conversation_id: conversationId,
          content_type: contentType,
          size: bytes.byteLength,
          uploader_role: uploader.role,
          uploader_id: uploader.id,
          created_at: createdAt,
        };
        await db.insertInto('media').values({ ...row, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }).execute();
        return toStored(row);
      });
    },

    async get(id) {
      return guardStorage(`reading image ${id}`, async () => {
        const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return undefined;
        const { bytes, ...rest } = row;
        return { ...toStored(rest), bytes: Buffer.from(bytes) };
      });
    },
  };
}
