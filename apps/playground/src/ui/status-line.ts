/**
 * The header's one-line summary: the session's state, the step, the speed and the model's size,
 * also exposed as `data-state` and `data-step` for tests.
 */
import type { SessionState } from './session-state.js';

const STATE_TEXT: Readonly<Record<SessionState, string>> = {
  starting: 'Starting the training worker…',
  configuring: 'Building the model…',
  'no-model': 'No model: the settings were refused (see the message above)',
  paused: 'Paused',
  running: 'Training',
};

export class StatusLine {
  private state: SessionState = 'starting';
  private step = 0;
  private stepsPerSecond: number | null = null;
  private parameters: number | null = null;
  private validationLoss: number | null = null;

  constructor(private readonly element: HTMLElement) {}

  setState(state: SessionState): void {
    this.state = state;
    if (state !== 'running') this.stepsPerSecond = null;
    this.render();
  }

  /** A fresh or loaded model: its size and the step it starts at. */
  setModel(parameters: number, step: number): void {
    this.parameters = parameters;
    this.step = step;
    this.validationLoss = null;
    this.render();
  }

  setProgress(step: number, stepsPerSecond: number): void {
    this.step = step;
    this.stepsPerSecond = stepsPerSecond;
    this.render();
  }

  setValidationLoss(loss: number): void {
    this.validationLoss = loss;
    this.render();
  }

  private render(): void {
    const parts = [STATE_TEXT[this.state]];
    if (this.state === 'paused' || this.state === 'running') {
      parts.push(`step ${this.step.toLocaleString('en')}`);
      if (this.stepsPerSecond !== null) parts.push(`${this.stepsPerSecond.toFixed(1)} steps/s`);
      if (this.validationLoss !== null) parts.push(`validation loss ${this.validationLoss.toFixed(3)}`);
      if (this.parameters !== null) parts.push(`${this.parameters.toLocaleString('en')} parameters`);
    }
    this.element.textContent = parts.join(' · ');
    this.element.dataset.state = this.state;
    this.element.dataset.step = String(this.step);
  }
}
