/**
 * The staff pages one sign-in opens, and the capability each needs. The server checks the
 * capability again on every call; this only decides which links a role is shown.
 */
export const PLACES = [
  { id: 'conversations', folder: 'agent', capability: 'tickets' },
  { id: 'knowledge', folder: 'workspace', capability: 'knowledge' },
  { id: 'reports', folder: 'reports', capability: 'reports' },
] as const;

export type Place = (typeof PLACES)[number]['id'];

/** The places an account with these capabilities may use, in the order shown; none when unknown. */
export function placesFor(capabilities: readonly string[] | undefined): Place[] {
  return PLACES.filter((place) => capabilities?.includes(place.capability) ?? false).map((place) => place.id);
}

/** Whether the account may use `place`. */
export const mayUse = (capabilities: readonly string[] | undefined, place: Place): boolean => placesFor(capabilities).includes(place);

/**
 * A place's address from another staff page: relative, so the pages work under any prefix a
 * proxy puts them behind (/agent/, /workspace/ and /reports/ are siblings).
 */
export function placeHref(place: Place): string {
  return `../${PLACES.find((p) => p.id === place)!.folder}/`;
}
