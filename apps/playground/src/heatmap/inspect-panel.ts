/**
 * "Inside": Inspect records one recurrent layer's states and gates over one input, and each
 * comes back as a heatmap. The input, layer and direction offered follow the current settings.
 */
import { LIMITS } from '../protocol/parse.js';
import type { EventOf } from '../ui/event-router.js';
import type { Settings } from '../settings.js';
import { byTestId, watchWidth } from '../ui/dom.js';
import type { WorkerClient } from '../ui/worker-client.js';
import { HeatmapFigure } from './heatmap-figure.js';

export class InspectPanel {
  private readonly inspect = byTestId('inspect', HTMLButtonElement);
  private readonly text = byTestId('inspect-text', HTMLInputElement);
  private readonly layer = byTestId('inspect-layer', HTMLSelectElement);
  private readonly direction = byTestId('inspect-direction', HTMLSelectElement);
  private readonly heatmaps = byTestId('heatmaps', HTMLElement);
  private figures: HeatmapFigure[] = [];
  private isCharLm = true;

  constructor(client: WorkerClient) {
    this.text.maxLength = LIMITS.inspectLength[1];
    this.inspect.addEventListener('click', () => {
      this.inspect.disabled = true;
      client.send({ type: 'inspect', text: this.probeText(), layer: Number(this.layer.value), direction: this.direction.value === 'reverse' ? 'reverse' : 'forward' });
    });
    client.on('inspection', (event) => {
      this.inspect.disabled = false;
      this.show(event);
    });
    watchWidth(this.heatmaps, () => {
      this.drawAll();
    });
  }

  /** The input to inspect: the typed text for a char-LM; null asks the worker for a validation one. */
  probeText(): string | null {
    return this.isCharLm && this.text.value !== '' ? this.text.value : null;
  }

  setSettings({ task, model }: Settings): void {
    this.isCharLm = task.name === 'char-lm';
    this.text.disabled = !this.isCharLm;
    this.text.placeholder = this.isCharLm ? 'Text to read (empty: a validation excerpt)' : 'A validation example of this task';
    const chosen = Math.min(Number(this.layer.value) || 0, model.layers - 1);
    this.layer.replaceChildren(...Array.from({ length: model.layers }, (_, i) => new Option(`layer ${i + 1}`, String(i), false, i === chosen)));
    const reverse = [...this.direction.options].find((option) => option.value === 'reverse')!;
    reverse.disabled = !model.bidirectional;
    if (!model.bidirectional) this.direction.value = 'forward';
  }

  setModelReady(ready: boolean): void {
    this.inspect.disabled = !ready;
  }

  /** The worker refused the command: Inspect can be pressed again. */
  failed(): void {
    this.inspect.disabled = false;
  }

  private show({ step, layer, direction, labels, maps }: EventOf<'inspection'>): void {
    byTestId('inspection-caption', HTMLElement).textContent =
      `Step ${step.toLocaleString('en')} · layer ${layer + 1} · ${direction} · ${labels.length} time steps. Rows are units, columns are time steps; hover for values.`;
    this.figures = maps.map((map) => new HeatmapFigure(map, labels));
    this.heatmaps.replaceChildren(...this.figures.map((figure) => figure.element));
    this.drawAll();
  }

  private drawAll(): void {
    for (const figure of this.figures) figure.draw(figure.element.clientWidth);
  }
}
