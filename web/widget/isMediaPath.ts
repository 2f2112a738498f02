/** An image kept by kefu, as attachments name it: `/media/<id>` on the server's own origin. */
export const isMediaPath = (url: unknown): url is string => typeof url === 'string' && /^\/media\/[A-Za-z0-9_-]{8,64}$/.test(url);
