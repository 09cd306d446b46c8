/**
 * The one way the dashboard draws a uPlot chart: build it into a container, keep it as wide as the
 * container (a ResizeObserver, so it follows a phone's rotation and the sidebar drawer), and destroy
 * it when the data changes or the component goes. Every chart of the dashboard (the alert's series,
 * the overview's trends) goes through here, so there is one chart stack.
 */
import { useEffect, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Narrower than this, axis labels collide; the container scrolls instead. */
export const MIN_CHART_WIDTH = 280;

/**
 * Draws `build(width)` with `data` into `target` while both are set. `deps` name everything the
 * options depend on. After each draw the container's `data-draws` counts the draws, so a test can
 * wait for a redraw on the DOM rather than on a timer.
 */
export function useUplot(
  target: RefObject<HTMLElement | null>,
  build: (width: number) => uPlot.Options,
  data: uPlot.AlignedData | null,
  deps: readonly unknown[],
): void {
  useEffect(() => {
    const el = target.current;
    if (!el || !data) return;
    const width = () => Math.max(MIN_CHART_WIDTH, el.clientWidth);
    const opts = build(width());
    const counted: uPlot.Plugin = {
      hooks: {
        draw: () => {
          el.dataset.draws = String(Number(el.dataset.draws ?? '0') + 1);
        },
      },
    };
    const plot = new uPlot({ ...opts, plugins: [...(opts.plugins ?? []), counted] }, data, el);
    let last = width();
    const resize = new ResizeObserver(() => {
      const next = width();
      if (next === last) return;
      last = next;
      plot.setSize({ width: next, height: opts.height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // `build` is a fresh closure on every render; `deps` name what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, ...deps]);
}
