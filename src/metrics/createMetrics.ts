import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the process reports on `/metrics`, in Prometheus's text format. No label holds a user's or a conversation's id. */
export interface Metrics {
  /** A turn of the bot ended: its channel, what the bot did (the first step: answer, didYouMean, noAnswer, handOver...), how long it took. */
  turn(channel: string, outcome: string, seconds: number): void;
  /** A conversation was handed to a person, for this reason (keyword, flow, misses...). */
  handover(reason: string): void;
  /** WeChat called `/wechat` and was answered with `status` after `seconds`. */
  wechatCallback(status: number, seconds: number): void;
  /** A call to WeChat's API failed: WeChat's errcode, or the kind of failure (WECHAT_API_TIMEOUT...). */
  wechatApiError(code: string): void;
  /**
   * Values read when `/metrics` is scraped: the queue, the open WebSockets by kind, the database
   * pool. Each callback is read once per scrape.
   */
  observe(sources: MetricSources): void;
  /** The exposition, and its content type. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface MetricSources {
  readonly queueLength?: () => Promise<number>;
  readonly websockets?: () => Readonly<Record<string, number>>;
  readonly databasePool?: () => { readonly total: number; readonly idle: number; readonly waiting: number } | undefined;
}

/** A registry of its own per runtime (tests start several in one process). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  let sources: MetricSources = {};
  const turns = new Counter({ name: 'kefu_turns_total', help: 'Bot turns by channel and outcome', labelNames: ['channel', 'outcome'] as const, registers: [registry] });
  const turnSeconds = new Histogram({
    name: 'kefu_turn_duration_seconds',
    help: 'Time the bot took for a turn, by channel',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const wechatSeconds = new Histogram({
    name: 'kefu_wechat_callback_duration_seconds',
    help: "Time to answer WeChat's callback, by status (WeChat gives up after 5 s)",
    labelNames: ['status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5],
    registers: [registry],
  });
  const wechatErrors = new Counter({ name: 'kefu_wechat_api_errors_total', help: "Failed calls to WeChat's API, by errcode or kind of failure", labelNames: ['code'] as const, registers: [registry] });
  const handovers = new Counter({ name: 'kefu_handovers_total', help: 'Conversations handed to a person, by reason', labelNames: ['reason'] as const, registers: [registry] });
  new Gauge({
    name: 'kefu_queue_length',
    help: 'Tickets waiting for an agent',
    registers: [registry],
    async collect() {
      if (sources.queueLength) this.set(await sources.queueLength());
    },
  });
  new Gauge({
    name: 'kefu_websocket_connections',
    help: 'Open WebSocket connections, by kind (directline: users, agent: consoles)',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      for (const [kind, count] of Object.entries(sources.websockets?.() ?? {})) this.set({ kind }, count);
    },
  });
  new Gauge({
    name: 'kefu_database_pool_connections',
    help: 'PostgreSQL pool connections, by state (total, idle, waiting clients); absent on SQLite',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources.databasePool?.();
      if (!pool) return;
      for (const [state, count] of Object.entries(pool)) this.set({ state }, count);
    },
  });
  return {
    turn(channel, outcome, seconds) {
      turns.inc({ channel, outcome });
      turnSeconds.observe({ channel }, seconds);
    },
    handover(reason) {
      handovers.inc({ reason });
    },
    wechatCallback(status, seconds) {
      wechatSeconds.observe({ status: String(status) }, seconds);
    },
    wechatApiError(code) {
      wechatErrors.inc({ code });
    },
    observe(given) {
      sources = { ...sources, ...given };
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
