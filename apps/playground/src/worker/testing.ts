/** Running a Session in Node for tests: the cpu backend, the corpus read from disk, events recorded. */
import { readFile } from 'node:fs/promises';
import { createCpuBackend } from '@rnn/tensor';
import { afterEach } from 'vitest';
import type { WorkerEvent, WorkerEventType } from '../protocol/messages.js';
import { DEFAULT_SETTINGS, type Settings } from '../settings.js';
import type { CreateBackend } from './backends.js';
import { Session } from './session.js';

/** The repository's data/ folder stands in for the page's assets folder. */
export const ASSETS = new URL('../../../../', import.meta.url).href;
export const CORPUS_PATH = new URL('data/tinyshakespeare.txt', ASSETS);

/** Every backend is a cpu one, except webgpu, which fails as it does on a machine without an adapter. */
export const cpuBackend: CreateBackend = (name) =>
  name === 'webgpu'
    ? Promise.reject(new Error('createWebGpuBackend: no WebGPU adapter (test)'))
    : Promise.resolve({ backend: createCpuBackend(), report: { name, detail: 'cpu (test)', threads: 1, notes: [] } });

/** The first `length` characters of tiny-shakespeare. */
export async function shakespeare(length = Infinity): Promise<string> {
  return (await readFile(CORPUS_PATH, 'utf8')).slice(0, length);
}

/** Small settings that train in a second or two on the cpu backend. */
export function testSettings(overrides: { task?: Partial<Settings['task']>; model?: Partial<Settings['model']>; training?: Partial<Settings['training']> } = {}): Settings {
  return {
    task: { ...DEFAULT_SETTINGS.task, seqLen: 20, ...overrides.task },
    model: { ...DEFAULT_SETTINGS.model, hidden: 24, ...overrides.model },
    training: { ...DEFAULT_SETTINGS.training, learningRate: 1e-2, batchSize: 16, ...overrides.training },
    backend: 'cpu',
  };
}

export type EventOf<T extends WorkerEventType> = Extract<WorkerEvent, { type: T }>;

/** A session whose events are kept, with a way to wait for one. */
export class RecordingSession {
  readonly events: WorkerEvent[] = [];
  readonly session = new Session({
    post: (event) => this.events.push(event),
    createBackend: cpuBackend,
    fetchText: async (url) => readFile(new URL(url), 'utf8'),
  });

  of<T extends WorkerEventType>(type: T): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type);
  }

  /** Resolves with the first event after `from` of `type` satisfying `test`; fails after `timeoutMs`. */
  async next<T extends WorkerEventType>(type: T, test: (e: EventOf<T>) => boolean = () => true, from = 0, timeoutMs = 20_000): Promise<EventOf<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find((e): e is EventOf<T> => e.type === type && test(e as EventOf<T>));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} event within ${timeoutMs} ms; got ${this.events.map((e) => (e.type === 'error' ? `error (${e.message})` : e.type)).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Trains until `steps` steps are reported, then pauses; returns every training point. */
  async train(steps: number): Promise<EventOf<'progress'>['points'][number][]> {
    const from = this.events.length;
    await this.session.handle({ type: 'start' });
    await this.next('progress', (e) => e.points.some((p) => p.step >= steps), from);
    await this.session.handle({ type: 'pause' });
    return this.events.slice(from).flatMap((e) => (e.type === 'progress' ? e.points : []));
  }

  configure(settings: Settings): Promise<void> {
    return this.session.handle({ type: 'configure', settings, assets: ASSETS });
  }

  /** The error events since `from`. */
  errors(from = 0): EventOf<'error'>[] {
    return this.events.slice(from).filter((e): e is EventOf<'error'> => e.type === 'error');
  }
}

/** A maker of RecordingSessions for a test file, each disposed after its test. */
export function sessionsDisposedAfterEach(): () => RecordingSession {
  const sessions: RecordingSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.session.dispose();
  });
  return () => {
    const s = new RecordingSession();
    sessions.push(s);
    return s;
  };
}
