/**
 * Streaming text from the char-LM: each `sample-token` is appended as it arrives, so a person
 * watches the model write. Other tasks have no characters to sample, so the panel says so.
 */
import { LIMITS } from '../protocol/parse.js';
import { byTestId, element } from './dom.js';
import type { WorkerClient } from './worker-client.js';

export class SamplePanel {
  private readonly generate = byTestId('sample-generate', HTMLButtonElement);
  private readonly stop = byTestId('sample-stop', HTMLButtonElement);
  private readonly output = byTestId('sample-output', HTMLPreElement);
  private readonly prime = byTestId('sample-prime', HTMLInputElement);
  private readonly length = byTestId('sample-length', HTMLInputElement);
  private readonly temperature = byTestId('sample-temperature', HTMLInputElement);
  /** The streamed text: one node grown in place rather than one node per character. */
  private streamed = document.createTextNode('');
  private sampling = false;
  private ready = false;
  private isCharLm = true;

  constructor(private readonly client: WorkerClient) {
    const shownTemperature = byTestId('sample-temperature-value', HTMLOutputElement);
    this.temperature.addEventListener('input', () => {
      shownTemperature.value = Number(this.temperature.value).toFixed(2);
    });
    this.length.min = String(LIMITS.sampleLength[0]);
    this.length.max = String(LIMITS.sampleLength[1]);
    this.generate.addEventListener('click', () => {
      this.start();
    });
    this.stop.addEventListener('click', () => {
      client.send({ type: 'stop-sample' });
    });
    client.on('sample-token', ({ text }) => {
      this.streamed.appendData(text);
      this.output.scrollTop = this.output.scrollHeight;
    });
    client.on('sample-end', () => {
      this.setSampling(false);
    });
  }

  /** Whether there is a model, and whether it is a char-LM. */
  setModel(ready: boolean, isCharLm: boolean): void {
    this.ready = ready;
    this.isCharLm = isCharLm;
    byTestId('sample-note', HTMLElement).hidden = isCharLm;
    this.prime.disabled = this.length.disabled = this.temperature.disabled = !isCharLm;
    this.refresh();
  }

  /** The worker refused the sample command: nothing is streaming. */
  failed(): void {
    this.setSampling(false);
  }

  private start(): void {
    const length = Math.round(Number(this.length.value));
    const [min, max] = LIMITS.sampleLength;
    const clamped = Number.isFinite(length) ? Math.min(Math.max(length, min), max) : min;
    this.length.value = String(clamped);
    this.streamed = document.createTextNode('');
    this.output.replaceChildren(element('span', { class: 'prime' }, this.prime.value), this.streamed);
    this.setSampling(true);
    this.client.send({ type: 'sample', prime: this.prime.value, temperature: Number(this.temperature.value), length: clamped });
  }

  private setSampling(sampling: boolean): void {
    this.sampling = sampling;
    this.refresh();
  }

  private refresh(): void {
    this.generate.disabled = !this.ready || !this.isCharLm || this.sampling;
    this.stop.disabled = !this.sampling;
  }
}
