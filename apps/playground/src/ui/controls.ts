/**
 * The settings form in the page: fills its options from settings.ts, keeps dependent fields
 * honest (block size for LSTM cells only, no bidirectional char-LM), shows each field's error
 * beside it, and hands on every valid change as `Settings`. The rules themselves live in
 * controls-state.ts.
 */
import { LIMITS } from '../protocol/parse.js';
import { BACKEND_NAMES, DEFAULT_SETTINGS, OPTIMIZER_NAMES, TASK_NAMES, type CellName, type Settings } from '../settings.js';
import { CELL_GROUPS, CELL_LABELS, isLstmFamily } from './cell-labels.js';
import { controlsFromSettings, settingsFromControls, type ControlErrors, type ControlName, type ControlsState } from './controls-state.js';
import { byTestId, element } from './dom.js';
import { BACKEND_LABELS, OPTIMIZER_LABELS, TASK_LABELS } from './option-labels.js';
import type { WebGpuAvailability } from './webgpu-probe.js';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const CONTROL_NAMES = Object.keys(controlsFromSettings(DEFAULT_SETTINGS)) as ControlName[];

const BIDIRECTIONAL_CHAR_LM = 'A char-LM predicts the next character: a reverse direction would already have read it.';
const NO_MEMORY_BLOCKS = 'Only LSTM cells have memory blocks.';

export class SettingsForm {
  /** The settings last handed on (or shown), so an edit that changes nothing rebuilds nothing. */
  private current = '';

  constructor(
    private readonly form: HTMLFormElement,
    private readonly onSettings: (settings: Settings) => void,
  ) {
    fillOptions(this.field('task'), TASK_NAMES.map((name) => [name, TASK_LABELS[name]]));
    fillCellOptions(this.field('cell') as HTMLSelectElement);
    fillOptions(this.field('optimizer'), OPTIMIZER_NAMES.map((name) => [name, OPTIMIZER_LABELS[name]]));
    fillOptions(this.field('backend'), BACKEND_NAMES.map((name) => [name, BACKEND_LABELS[name]]));
    for (const name of ['seqLen', 'layers', 'hidden', 'batchSize', 'seed'] as const) setBounds(this.field(name), LIMITS[name]);
    setBounds(this.field('blockSize'), LIMITS.hidden);
    form.addEventListener('change', () => {
      this.submit();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
    });
    byTestId('text-file', HTMLInputElement, form).addEventListener('change', (event) => void this.readTextFile(event.currentTarget as HTMLInputElement));
  }

  /** Shows `settings` (the defaults, or a loaded model's) without handing them on. */
  show(settings: Settings): void {
    const state = controlsFromSettings(settings);
    for (const name of CONTROL_NAMES) {
      const field = this.field(name);
      if (field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = Boolean(state[name]);
      else field.value = String(state[name]);
    }
    this.refreshDependentFields();
    this.showErrors({});
    this.current = JSON.stringify(settings);
  }

  /** Offers WebGPU only where there is an adapter, and says why not otherwise. */
  showWebGpu(availability: WebGpuAvailability): void {
    const option = [...(this.field('backend') as HTMLSelectElement).options].find((candidate) => candidate.value === 'webgpu');
    if (option !== undefined) option.disabled = !availability.available;
    byTestId('webgpu-note', HTMLElement, this.form).textContent = availability.available ? 'WebGPU: adapter found.' : availability.reason;
  }

  private submit(): void {
    this.refreshDependentFields();
    const reading = settingsFromControls(this.state());
    this.showErrors(reading.ok ? {} : reading.errors);
    if (!reading.ok) return;
    const serialized = JSON.stringify(reading.settings);
    if (serialized === this.current) return;
    this.current = serialized;
    this.onSettings(reading.settings);
  }

  private async readTextFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (file === undefined) return;
    this.field('text').value = await file.text();
    // Cleared so that choosing the same file again, after editing the text, reads it again.
    input.value = '';
    this.submit();
  }

  private refreshDependentFields(): void {
    const isCharLm = this.field('task').value === 'char-lm';
    byTestId('text-fields', HTMLElement, this.form).hidden = !isCharLm;
    const bidirectional = this.field('bidirectional');
    bidirectional.disabled = isCharLm;
    byTestId('bidirectional-field', HTMLElement, this.form).title = isCharLm ? BIDIRECTIONAL_CHAR_LM : '';
    const hasBlocks = isLstmFamily(this.field('cell').value as CellName);
    this.field('blockSize').disabled = !hasBlocks;
    byTestId('block-size-field', HTMLElement, this.form).title = hasBlocks ? '' : NO_MEMORY_BLOCKS;
    const text = this.field('text').value;
    byTestId('text-info', HTMLElement, this.form).textContent =
      text.trim() === '' ? 'Using the bundled tiny-shakespeare.' : `Using these ${Array.from(text).length.toLocaleString('en')} characters.`;
  }

  private state(): ControlsState {
    const entries = CONTROL_NAMES.map((name) => {
      const field = this.field(name);
      return [name, field instanceof HTMLInputElement && field.type === 'checkbox' ? field.checked : field.value];
    });
    return Object.fromEntries(entries) as ControlsState;
  }

  private showErrors(errors: ControlErrors): void {
    for (const output of this.form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      const message = errors[output.dataset.errorFor as ControlName] ?? '';
      output.textContent = message;
      output.previousElementSibling?.setAttribute('aria-invalid', String(message !== ''));
    }
  }

  private field(name: ControlName): Field {
    const field = this.form.elements.namedItem(name);
    if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement)) {
      throw new Error(`the settings form needs a field named ${name}`);
    }
    return field;
  }
}

function fillOptions(select: Field, options: readonly (readonly [string, string])[]): void {
  select.replaceChildren(...options.map(([value, label]) => element('option', { value }, label)));
}

function fillCellOptions(select: HTMLSelectElement): void {
  select.replaceChildren(
    ...CELL_GROUPS.map(({ label, cells }) => element('optgroup', { label }, ...cells.map((cell) => element('option', { value: cell }, CELL_LABELS[cell])))),
  );
}

function setBounds(input: Field, [min, max]: readonly [number, number]): void {
  input.setAttribute('min', String(min));
  input.setAttribute('max', String(max));
}
