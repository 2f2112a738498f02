import uPlot from 'uplot';

/** A chart's options for a width: everything but the size, which the chart's box decides. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export interface Chart {
  /** The box the chart draws in; its width is the chart's. */
  readonly root: HTMLElement;
  /** Draws (again) from scratch: new words or new figures. */
  draw(options: ChartOptions, data: uPlot.AlignedData): void;
  /** Removes the drawing (nothing to show). */
  clear(): void;
}

/**
 * A uPlot chart that fills its box's width and follows it (a window resized, a phone turned).
 * While the box is hidden (width 0) nothing is drawn; the drawing waits for a width.
 */
export function createChart(doc: Document, { height, className = '' }: { height: number; className?: string }): Chart {
  const root = doc.createElement('div');
  root.className = `chart ${className}`.trim();
  let plot: uPlot | undefined;
  let pending: { options: ChartOptions; data: uPlot.AlignedData } | undefined;

  function fit() {
    const width = Math.floor(root.clientWidth);
    if (width <= 0) return;
    if (pending) {
      plot?.destroy();
      plot = new uPlot({ ...pending.options, width, height }, pending.data, root);
      pending = undefined;
    } else if (plot && plot.width !== width) plot.setSize({ width, height });
  }
  // Older browsers without ResizeObserver draw once, at the width they had.
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(fit).observe(root);

  return {
    root,
    draw(options, data) {
      pending = { options, data };
      fit();
    },
    clear() {
      pending = undefined;
      plot?.destroy();
      plot = undefined;
    },
  };
}
