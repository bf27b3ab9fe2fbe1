/**
 * "Gradients through time": Compare asks the worker for ∂L_T/∂h_t of this model beside a fresh
 * tanh RNN and a fresh LSTM, and draws them with the earlier runs' curves (gradient-history.ts) as
 * small multiples on one log scale, so a trained tanh RNN's curve falling away to the left while
 * a trained LSTM's holds is plain to see.
 */
import uPlot from 'uplot';
import type { GradientCurve } from '../protocol/messages.js';
import { timeTicks } from '../heatmap/time-axis.js';
import { byTestId, element } from '../ui/dom.js';
import type { WorkerClient } from '../ui/worker-client.js';
import { GradientHistory } from './gradient-history.js';
import { gradientPanels } from './gradient-series.js';
import { decadeSplits, logAxisValues, logScale } from './log-scale.js';
import { PALETTE } from './palette.js';

const HEIGHT = 200;
const MAX_Y_TICKS = 5;
/** uPlot's default y-axis width: the plot area is the chart's width less this. */
const Y_AXIS_WIDTH = 50;
/** The x axis font's width per character, near enough to decide which labels fit. */
const CHARACTER_WIDTH = 7;

/** uPlot thins a log axis's ticks to its own choice of decades; these splits are chosen already. */
const keepAll = (_plot: uPlot, splits: number[]): number[] => splits;

export class GradientPanel {
  private readonly compare = byTestId('gradients-compare', HTMLButtonElement);
  private readonly container = byTestId('gradient-curves', HTMLElement);
  private plots: uPlot[] = [];
  private readonly history = new GradientHistory();

  /** @param probeText the input to follow (the Inside panel's), null for a validation excerpt */
  constructor(client: WorkerClient, probeText: () => string | null) {
    this.compare.addEventListener('click', () => {
      this.compare.disabled = true;
      client.send({ type: 'gradients', text: probeText() });
    });
    client.on('gradients', ({ labels, curves }) => {
      this.compare.disabled = false;
      this.show(labels, this.history.arrange(curves));
    });
  }

  /** A new run began: the current model's curve is kept as an earlier run's. */
  newRun(): void {
    this.history.newRun();
  }

  setModelReady(ready: boolean): void {
    this.compare.disabled = !ready;
  }

  /** The worker refused the command: Compare can be pressed again. */
  failed(): void {
    this.compare.disabled = false;
  }

  private show(labels: readonly string[], curves: readonly GradientCurve[]): void {
    for (const plot of this.plots) plot.destroy();
    const { steps, panels, range } = gradientPanels(curves);
    this.container.style.setProperty('--panels', String(Math.max(panels.length, 1)));
    const cells = panels.map(() => element('div', { class: 'gradient-plot' }));
    this.container.replaceChildren(...cells);
    this.plots = panels.map((panel, i) => {
      const cell = cells[i]!;
      const width = Math.max(cell.clientWidth, 160);
      const ticks = timeTicks(labels, (width - Y_AXIS_WIDTH) / Math.max(steps.length, 1), (text) => text.length * CHARACTER_WIDTH);
      const xAxis: uPlot.Axis = { label: 'time step t', splits: () => ticks.map(({ col }) => col), values: () => ticks.map(({ text }) => text) };
      return new uPlot(
        {
          title: panel.label,
          width,
          height: HEIGHT,
          scales: { x: { time: false }, y: logScale(range) },
          series: [{ label: 't' }, { label: '‖∂L/∂hₜ‖', stroke: PALETTE.curves[i % PALETTE.curves.length], width: 2, spanGaps: false }],
          axes: [xAxis, { label: i === 0 ? '‖∂L/∂hₜ‖' : '', splits: () => decadeSplits(range, MAX_Y_TICKS), filter: keepAll, values: logAxisValues }],
          cursor: { drag: { x: false, y: false } },
        },
        [steps as number[], panel.norms as (number | null)[]],
        cell,
      );
    });
  }
}
