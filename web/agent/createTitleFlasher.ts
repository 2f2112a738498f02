export interface TitleFlasherOptions {
  /** The title to show between flashes (it may change with the language). */
  readonly base: () => string;
  readonly setTitle: (title: string) => void;
  readonly intervalMs?: number;
  readonly setInterval?: (callback: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: any) => void;
}

export interface TitleFlasher {
  /** Alternates the title between `alert` and the base title until {@link TitleFlasher.stop}. */
  start(alert: string): void;
  /** Puts the base title back. */
  stop(): void;
  readonly flashing: boolean;
}

/** Draws the eye to a background tab: "【新会话】客服工作台" and "客服工作台" in turn. */
export function createTitleFlasher({
  base,
  setTitle,
  intervalMs = 1_000,
  setInterval: every = (callback, ms) => setInterval(callback, ms),
  clearInterval: stopEvery = (handle) => clearInterval(handle),
}: TitleFlasherOptions): TitleFlasher {
  let handle: unknown;
  let alert = '';
  let showingAlert = false;
  const show = () => setTitle(showingAlert ? `${alert}${base()}` : base());
  return {
    start(text) {
      alert = text;
      showingAlert = true;
      show();
      if (handle !== undefined) return;
      handle = every(() => {
        showingAlert = !showingAlert;
        show();
      }, intervalMs);
    },
    stop() {
      if (handle !== undefined) stopEvery(handle);
      handle = undefined;
      showingAlert = false;
      show();
    },
    get flashing() {
      return handle !== undefined;
    },
  };
}
