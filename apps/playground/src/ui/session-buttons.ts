/**
 * Start, Pause, Reset, Save and Load: each sends its command; Save's answer downloads the
 * checkpoint, and Load reads a file's bytes for the worker to open.
 */
import { byTestId } from './dom.js';
import { downloadBytes } from './download.js';
import { hasModel, type SessionState } from './session-state.js';
import type { WorkerClient } from './worker-client.js';

export class SessionButtons {
  private readonly start = byTestId('start', HTMLButtonElement);
  private readonly pause = byTestId('pause', HTMLButtonElement);
  private readonly reset = byTestId('reset', HTMLButtonElement);
  private readonly save = byTestId('save', HTMLButtonElement);

  constructor(client: WorkerClient) {
    this.start.addEventListener('click', () => {
      client.send({ type: 'start' });
    });
    this.pause.addEventListener('click', () => {
      client.send({ type: 'pause' });
    });
    this.reset.addEventListener('click', () => {
      client.send({ type: 'reset' });
    });
    this.save.addEventListener('click', () => {
      client.send({ type: 'save' });
    });
    client.on('saved', ({ bytes, fileName }) => {
      downloadBytes(bytes as Uint8Array<ArrayBuffer>, fileName);
    });
    const load = byTestId('load', HTMLInputElement);
    load.addEventListener('change', () => {
      const file = load.files?.[0];
      if (file === undefined) return;
      // Cleared so that choosing the same file again loads it again.
      load.value = '';
      void file.arrayBuffer().then((buffer) => {
        client.send({ type: 'load', bytes: new Uint8Array(buffer), fileName: file.name });
      });
    });
  }

  setState(state: SessionState): void {
    this.start.disabled = state !== 'paused';
    this.pause.disabled = state !== 'running';
    this.reset.disabled = !hasModel(state);
    this.save.disabled = !hasModel(state);
  }
}
