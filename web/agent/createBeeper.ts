/** A short two-tone chime for a new conversation. */
export interface Beeper {
  beep(): void;
}

type AudioContextCtor = new () => AudioContext;

/**
 * Browsers only let a page make sound after the user has interacted with it, so the audio
 * context is created on the first click or key press; a beep before that is silently skipped.
 */
export function createBeeper(win: Window): Beeper {
  const Ctor = (win as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor }).AudioContext ??
    (win as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext;
  let context: AudioContext | undefined;
  const unlock = () => {
    if (context || !Ctor) return;
    try {
      context = new Ctor();
    } catch {
      return;
    }
    win.removeEventListener('pointerdown', unlock, true);
    win.removeEventListener('keydown', unlock, true);
  };
  win.addEventListener('pointerdown', unlock, true);
  win.addEventListener('keydown', unlock, true);

  return {
    beep() {
      if (!context) return;
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      const start = context.currentTime;
      const gain = context.createGain();
      gain.connect(context.destination);
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
      for (const [frequency, at] of [[880, 0], [1320, 0.12]] as const) {
        const oscillator = context.createOscillator();
        oscillator.type = 'sine';
        oscillator.frequency.setValueAtTime(frequency, start + at);
        oscillator.connect(gain);
        oscillator.start(start + at);
        oscillator.stop(start + at + 0.2);
      }
    },
  };
}
