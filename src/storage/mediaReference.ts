/**
 * How an activity, a transcript entry or a page names a kept image: the path `/media/<id>`,
 * served (to the conversation's user and to signed-in agents only) by the HTTP layer. The bytes
 * never travel inside a message or a transcript, only this reference.
 */
export const MEDIA_PATH_PREFIX = '/media/';

/** The path of a kept image. */
export function mediaPath(id: string): string {
  return `${MEDIA_PATH_PREFIX}${encodeURIComponent(id)}`;
}

const MEDIA_URL = /^(?:https?:\/\/[^/?#]+)?\/media\/([A-Za-z0-9_-]{8,64})$/;

/** The id of a kept image a URL points to (its path, or an absolute URL of it); undefined for any other URL. */
export function mediaIdOf(url: unknown): string | undefined {
  return typeof url === 'string' ? MEDIA_URL.exec(url)?.[1] : undefined;
}

/** An image as a transcript entry keeps it (in its payload's `media`): the id and type, never the bytes. */
export interface MediaReference {
  readonly id: string;
  readonly contentType: string;
}

/** The kept images among an activity's attachments (those whose contentUrl is a media path). */
export function mediaReferencesOf(attachments: readonly { readonly contentType?: unknown; readonly contentUrl?: unknown }[] | undefined): MediaReference[] {
  return (attachments ?? []).flatMap((a) => {
    const id = mediaIdOf(a.contentUrl);
    return id && typeof a.contentType === 'string' ? [{ id, contentType: a.contentType }] : [];
  });
}

/** The images a transcript entry's payload refers to (`payload.media`), whatever else it holds. */
export function mediaInPayload(payload: unknown): MediaReference[] {
  const media = (payload as { media?: unknown } | null | undefined)?.media;
  if (!Array.isArray(media)) return [];
  return media.flatMap((m: { id?: unknown; contentType?: unknown } | null) =>
    m && typeof m.id === 'string' && typeof m.contentType === 'string' ? [{ id: m.id, contentType: m.contentType }] : [],
  );
}
