/**
 * The baseline of `bench:load`: a bare Express handler that parses the JSON body and answers
 * with an id, as kefu's POST .../activities does, with no bot, no database and no WebSocket.
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '64kb' }));
let next = 0;
app.post('/conversations/:id/activities', (_req, res) => {
  res.json({ id: String(++next) });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ cmd: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
