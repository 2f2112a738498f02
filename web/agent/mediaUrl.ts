/** Where the console reads an image kefu keeps: the agent API, where its session cookie goes. */
export const mediaUrl = (mediaId: string): string => `/api/agent/media/${encodeURIComponent(mediaId)}`;
