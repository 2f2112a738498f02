/** The agent stream's address on this page's host: `wss:` under https, `ws:` under http. */
export function streamUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/agent/stream`;
}
