/** A heatmap's colour scale: the bar from the low to the high end of its range, labelled. */
import { element } from '../ui/dom.js';
import { colourAt, colourScale } from './colormap.js';

const WIDTH = 120;
const HEIGHT = 10;

export function colourLegend(range: readonly [number, number]): HTMLElement {
  const { kind, low, high } = colourScale(range);
  const bar = element('canvas', { class: 'legend-bar', width: String(WIDTH), height: String(HEIGHT), 'aria-hidden': 'true' });
  const context = bar.getContext('2d');
  for (let x = 0; context !== null && x < WIDTH; x++) {
    context.fillStyle = `rgb(${colourAt(kind, x / (WIDTH - 1)).join(' ')})`;
    context.fillRect(x, 0, 1, HEIGHT);
  }
  return element('div', { class: 'legend' }, element('span', {}, format(low)), bar, element('span', {}, format(high)));
}

/** Three significant digits, and a true minus sign. */
const format = (value: number): string => String(Number(value.toPrecision(3))).replace('-', '−');
