/**
 * The text of the frames a server sent after a 101, as far as they arrived whole. Server frames
 * are not masked; control frames (close, ping) are skipped. Enough to look inside what a stream
 * replayed; not a WebSocket client.
 */
export function readWebSocketFrames(data: Buffer): string[] {
  const texts: string[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      if (start + 2 > data.length) break;
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > data.length) break;
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    if (data[at + 1]! & 0x80) start += 4; // a masked frame would not come from a server; skip the key all the same
    if (start + length > data.length) break;
    if (opcode === 0x1 || opcode === 0x0) texts.push(data.subarray(start, start + length).toString('utf8'));
    at = start + length;
  }
  return texts;
}
