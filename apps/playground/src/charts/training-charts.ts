/**
 * The three live charts: loss (raw, smoothed, validation), gradient norm before clipping on a log
 * scale, and steps per second. Progress arrives a few times a second; the charts redraw at most
 * once per frame, while the `data-*` figures tests read are updated on arrival.
 */
import uPlot from 'uplot';
import type { TrainingPoint } from '../protocol/messages.js';
import { watchWidth } from '../ui/dom.js';
import { oncePerFrame } from './frame-scheduler.js';
import { logAxisValues, logScale } from './log-scale.js';
import { PALETTE } from './palette.js';
import { TrainingSeries, type Columns } from './series.js';

export interface TrainingChartContainers {
  readonly loss: HTMLElement;
  readonly gradNorm: HTMLElement;
  readonly speed: HTMLElement;
}

const LOSS_HEIGHT = 240;
const SMALL_HEIGHT = 170;
const STEP_AXIS: uPlot.Axis = { label: 'step' };

export class TrainingCharts {
  private readonly series = new TrainingSeries();
  private readonly charts: readonly { readonly plot: uPlot; readonly columns: () => Columns }[];
  private readonly redraw = oncePerFrame(() => {
    for (const { plot, columns } of this.charts) plot.setData(columns() as uPlot.AlignedData);
  });

  constructor(private readonly containers: TrainingChartContainers) {
    this.charts = [
      { plot: lossChart(containers.loss), columns: () => this.series.lossColumns() },
      { plot: gradNormChart(containers.gradNorm), columns: () => this.series.gradNormColumns() },
      { plot: speedChart(containers.speed), columns: () => this.series.speedColumns() },
    ];
    this.publish();
  }

  add(points: readonly TrainingPoint[]): void {
    this.series.add(points);
    this.publish();
    this.redraw();
  }

  addValidation(step: number, loss: number): void {
    this.series.addValidation(step, loss);
    this.redraw();
  }

  /** A new run (configured, loaded): the curves start again. */
  clear(): void {
    this.series.clear();
    this.publish();
    this.redraw();
  }

  /** The figures an end-to-end test reads, without parsing canvas pixels. */
  private publish(): void {
    const { loss, gradNorm, speed } = this.containers;
    for (const container of [loss, gradNorm, speed]) container.dataset.steps = String(this.series.steps);
    if (this.series.steps === 0) {
      delete loss.dataset.lossFirst;
      delete loss.dataset.lossLast;
    } else {
      loss.dataset.lossFirst = String(this.series.firstLoss);
      loss.dataset.lossLast = String(this.series.lastLoss);
    }
  }
}

function lossChart(container: HTMLElement): uPlot {
  return plot(container, LOSS_HEIGHT, {
    series: [
      { label: 'step' },
      // No point markers on the per-step lines: uPlot adds them while points are few, which hides the validation ones.
      { label: 'loss', stroke: PALETTE.rawLoss, width: 1, spanGaps: true, points: { show: false } },
      { label: 'smoothed', stroke: PALETTE.smoothedLoss, width: 2, spanGaps: true, points: { show: false } },
      { label: 'validation', stroke: PALETTE.validationLoss, width: 2, spanGaps: true, points: { show: true, size: 5 } },
    ],
    axes: [STEP_AXIS, { label: 'loss' }],
  });
}

function gradNormChart(container: HTMLElement): uPlot {
  return plot(container, SMALL_HEIGHT, {
    series: [{ label: 'step' }, { label: '‖g‖', stroke: PALETTE.gradNorm, width: 1, spanGaps: true }],
    scales: { y: logScale() },
    axes: [STEP_AXIS, { label: 'norm', values: logAxisValues }],
  });
}

function speedChart(container: HTMLElement): uPlot {
  return plot(container, SMALL_HEIGHT, {
    series: [{ label: 'step' }, { label: 'steps/s', stroke: PALETTE.speed, width: 1.5, spanGaps: true }],
    scales: { y: { range: (_plot, _min, max) => [0, Math.max(max, 1)] } },
    axes: [STEP_AXIS, { label: 'steps/s' }],
  });
}

/** A uPlot of steps on x, `height` tall, as wide as its container and following its width. */
function plot(container: HTMLElement, height: number, options: Pick<uPlot.Options, 'series' | 'axes' | 'scales'>): uPlot {
  const empty = options.series.map(() => []) as unknown as uPlot.AlignedData;
  const chart = new uPlot(
    { width: Math.max(container.clientWidth, 200), height, ...options, scales: { x: { time: false }, ...options.scales }, cursor: { drag: { x: false, y: false } } },
    empty,
    container,
  );
  watchWidth(container, (width) => {
    chart.setSize({ width, height });
  });
  return chart;
}
