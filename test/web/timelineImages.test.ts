import { describe, expect, it } from 'vitest';
import type { Activity } from '../../web/widget/Activity.js';
import { isMediaPath } from '../../web/widget/isMediaPath.js';
import { addPending, failPending, mergeActivities, parseItems, type ChatItem } from '../../web/widget/timeline.js';

const USER = 'dl_user';
const PATH = '/media/AbCdEfGhIjKlMnOpQrStUvWx';
const image = (id: string, extra: Partial<Activity> = {}): Activity => ({
  type: 'message',
  id,
  text: '',
  from: { id: 'kefu', role: 'bot' },
  timestamp: '2026-01-01T02:00:00.000Z',
  attachments: [{ contentType: 'image/png', contentUrl: PATH }],
  ...extra,
});
const merge = (activities: Activity[], items: readonly ChatItem[] = []) => mergeActivities(items, activities, USER, '2026-01-01T00:00:00.000Z').items;

describe('images in the widget timeline', () => {
  it("shows an agent's image kept by kefu, by its path", () => {
    const [item] = merge([image('c|1', { channelData: { kefu: { from: 'agent', agentName: '王小明' } } })]);
    expect(item).toMatchObject({ from: 'bot', image: PATH, agent: '王小明', text: '' });
    expect(item?.unsupported).toBeUndefined();
  });

  it('shows the image instead of "[图片]", the words text-only views read, but keeps real words', () => {
    expect(merge([image('c|1', { text: '[图片]' })])[0]).toMatchObject({ image: PATH, text: '' });
    expect(merge([image('c|1', { text: '屏幕上这个提示' })])[0]).toMatchObject({ image: PATH, text: '屏幕上这个提示' });
  });

  it('never takes an image from elsewhere (the token would go with it): such an attachment is unsupported', () => {
    const [item] = merge([image('c|1', { attachments: [{ contentType: 'image/png', contentUrl: 'https://tracker.example/p.png' }] })]);
    expect(item?.image).toBeUndefined();
    expect(item?.unsupported).toBe(true);
    expect(isMediaPath('https://kefu.example/media/AbCdEfGhIjKlMnOpQrStUvWx')).toBe(false);
    expect(isMediaPath('/media/../api/agent/me')).toBe(false);
  });

  it("replaces the user's pending picture with its echo, and forgets a picture still on its way after a reload", () => {
    let items: readonly ChatItem[] = addPending([], { clientId: 'k1', text: '', time: '2026-01-01T02:00:00.000Z', image: 'blob:http://localhost/123' });
    expect(items[0]).toMatchObject({ status: 'pending', image: 'blob:http://localhost/123' });
    expect(parseItems(JSON.stringify(failPending(items)))).toEqual([]);
    items = merge([image('c|2', { from: { id: USER, role: 'user' }, channelData: { clientActivityID: 'k1' } })], items);
    expect(items).toEqual([expect.objectContaining({ key: 'k1', from: 'user', status: 'sent', image: PATH })]);
    expect(parseItems(JSON.stringify(items))).toEqual(items);
  });
});
