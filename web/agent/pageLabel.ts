/** "shop.example.com/pos" from "https://shop.example.com/pos?x=1#top": host and path, never the query (it may carry tokens); the text itself when it is no address. */
export function pageLabel(page: string): string {
  try {
    const url = new URL(page);
    const path = url.pathname === '/' ? '' : url.pathname;
    return `${url.host}${path}`;
  } catch {
    return page.replace(/[?#].*$/, '');
  }
}
