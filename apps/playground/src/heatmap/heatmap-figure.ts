/**
 * One ActivationMap drawn: units as rows, time as columns, one block of colour per value, with
 * the time labels (the input characters) under the columns when they fit, the colour scale beside
 * it and the value under the pointer spelled out.
 */
import type { ActivationMap } from '../protocol/messages.js';
import { element } from '../ui/dom.js';
import { visibleLabel } from '../ui/visible-label.js';
import { colourLegend } from './legend.js';
import { activationPixels } from './shape.js';
import { timeTicks } from './time-axis.js';

/** Margins for the unit numbers (left) and the time labels (below). */
const LEFT = 34;
const BOTTOM = 18;
const FONT = '11px ui-monospace, SFMono-Regular, Menlo, monospace';

const TITLES: Readonly<Record<string, string>> = {
  h: 'h — hidden state',
  c: 'c — cell state',
  input_gate: 'input gate i',
  forget_gate: 'forget gate f',
  candidate: 'candidate g',
  output_gate: 'output gate o',
  reset_gate: 'reset gate r',
  update_gate: 'update gate z',
};

export class HeatmapFigure {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  /** The map at one pixel per value, scaled up onto `canvas` at each draw. */
  private readonly pixels: HTMLCanvasElement;
  private readonly readout = element('span', { class: 'readout' });
  private plotWidth = 0;
  private readonly plotHeight: number;

  constructor(
    private readonly map: ActivationMap,
    private readonly labels: readonly string[],
  ) {
    this.pixels = pixelCanvas(map);
    // Tall enough to tell units apart, short enough that six maps fit on a screen.
    this.plotHeight = Math.min(Math.max(map.rows * 3, 72), 240);
    this.canvas = element('canvas', { 'data-testid': `heatmap-${map.name}`, 'data-rows': String(map.rows), 'data-cols': String(map.cols) });
    this.canvas.addEventListener('mousemove', (event) => {
      this.describePoint(event.offsetX, event.offsetY);
    });
    this.canvas.addEventListener('mouseleave', () => {
      this.readout.textContent = '';
    });
    const title = TITLES[map.name] ?? map.name.replaceAll('_', ' ');
    this.element = element(
      'figure',
      { class: 'heatmap' },
      element('figcaption', {}, element('strong', {}, title), ` ${map.rows} units × ${map.cols} steps `, this.readout),
      this.canvas,
      colourLegend(map.range),
    );
  }

  draw(width: number): void {
    const ratio = window.devicePixelRatio || 1;
    const height = this.plotHeight + BOTTOM;
    this.plotWidth = Math.max(width - LEFT, this.map.cols);
    Object.assign(this.canvas, { width: Math.round(width * ratio), height: Math.round(height * ratio) });
    Object.assign(this.canvas.style, { width: `${width}px`, height: `${height}px` });
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    context.scale(ratio, ratio);
    // Hard edges: each block is one value, and blurring would invent values between them.
    context.imageSmoothingEnabled = false;
    context.drawImage(this.pixels, LEFT, 0, this.plotWidth, this.plotHeight);
    context.font = FONT;
    context.fillStyle = '#475569';
    context.textAlign = 'right';
    context.textBaseline = 'top';
    context.fillText('0', LEFT - 4, 0);
    context.textBaseline = 'bottom';
    context.fillText(String(this.map.rows - 1), LEFT - 4, this.plotHeight);
    const columnWidth = this.plotWidth / this.map.cols;
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const { col, text } of timeTicks(this.labels, columnWidth, (label) => context.measureText(label).width)) {
      context.fillText(text, LEFT + (col + 0.5) * columnWidth, this.plotHeight + 3);
    }
  }

  private describePoint(x: number, y: number): void {
    const col = Math.floor(((x - LEFT) / this.plotWidth) * this.map.cols);
    const row = Math.floor((y / this.plotHeight) * this.map.rows);
    if (col < 0 || col >= this.map.cols || row < 0 || row >= this.map.rows) {
      this.readout.textContent = '';
      return;
    }
    const label = this.labels[col];
    const value = this.map.values[row * this.map.cols + col]!;
    this.readout.textContent = `unit ${row}, t = ${col}${label === undefined ? '' : ` (${visibleLabel(label)})`}: ${value.toFixed(3)}`;
  }
}

function pixelCanvas(map: ActivationMap): HTMLCanvasElement {
  const { width, height, data } = activationPixels(map);
  const canvas = element('canvas', { width: String(width), height: String(height) });
  canvas.getContext('2d')?.putImageData(new ImageData(data, width, height), 0, 0);
  return canvas;
}
