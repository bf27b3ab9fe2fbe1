/**
 * The training worker's state and behaviour, free of `self`: it owns the backend and the run
 * (task, model, optimizer, step), trains in a loop that yields between steps, and answers each
 * command with events. The worker entry feeds it messages; tests feed it commands in Node.
 *
 * Commands are handled one after another in arrival order. Training and sampling go on in the
 * background after their command returns, taking the model's lock step by step, so `pause`,
 * `inspect` or `stop-sample` are answered between two steps. A failed command is an `error`
 * event and changes nothing.
 */
import { Generator, setBackend, type Backend } from '@rnn/tensor';
import { LanguageModel, type Module } from '@rnn/layers';
import { restoreTraining } from '@rnn/train';
import { openCheckpoint } from '../checkpoint/open.js';
import { saveCheckpoint } from '../checkpoint/save.js';
import { gradientNorms } from '../model/gradient-norms.js';
import { inspectLayer } from '../model/inspect-layer.js';
import { countParameters } from '../model/count-parameters.js';
import { COMMAND_TYPES, parseCommand } from '../protocol/parse.js';
import type { BackendReport, Command, CommandType, GradientCurve, TrainingPoint, WorkerEvent } from '../protocol/messages.js';
import type { CellName, Settings } from '../settings.js';
import { CharLmTask } from '../tasks/char-lm.js';
import { fetchText, trainingText, type FetchText } from '../tasks/corpus.js';
import { modelGenerator } from '../tasks/generators.js';
import type { Probe } from '../tasks/task.js';
import type { CreateBackend } from './backends.js';
import { SessionError } from './errors.js';
import { Lock } from './lock.js';
import { buildRun, disposeRun, type Run } from './run.js';
import { SampleStream } from './sample-stream.js';
import { StepRate } from './step-rate.js';
import { trainStep } from './train-step.js';
import { yieldToEventLoop } from './yield.js';

export type Post = (event: WorkerEvent, transfer?: Transferable[]) => void;

export interface SessionOptions {
  readonly post: Post;
  readonly createBackend: CreateBackend;
  /** Reads the bundled corpus (default: `fetch`). */
  readonly fetchText?: FetchText;
  /** Milliseconds between `progress` events (default 150). */
  readonly progressInterval?: number;
}

/** Validation runs every this many steps, and when training pauses. */
export const VALIDATION_EVERY = 100;

interface ActiveBackend {
  readonly name: Settings['backend'];
  readonly assets: string;
  readonly backend: Backend;
  readonly report: BackendReport;
}

export class Session {
  readonly #post: Post;
  readonly #createBackend: CreateBackend;
  readonly #fetchText: FetchText;
  readonly #progressInterval: number;
  readonly #lock = new Lock();
  #commands: Promise<void> = Promise.resolve();
  #backend: ActiveBackend | null = null;
  #run: Run | null = null;
  /** The text of the current run (char-lm), reused by `reset`. */
  #text: string | undefined;
  #running = false;
  #training: Promise<void> | null = null;
  #sampling: SampleStream | null = null;

  constructor({ post, createBackend, fetchText: fetchTextFrom = fetchText, progressInterval = 150 }: SessionOptions) {
    this.#post = post;
    this.#createBackend = createBackend;
    this.#fetchText = fetchTextFrom;
    this.#progressInterval = progressInterval;
  }

  /** A raw message: checked with `parseCommand` (a malformed one is an `error` event), then handled. */
  handleMessage(data: unknown): Promise<void> {
    let command: Command;
    try {
      command = parseCommand(data);
    } catch (e) {
      this.#post({ type: 'error', command: commandTypeOf(data), message: messageOf(e) });
      return Promise.resolve();
    }
    return this.handle(command);
  }

  /** Handles `command` after the commands before it; resolves once its answer is posted. */
  handle(command: Command): Promise<void> {
    const handled = this.#commands.then(async () => {
      try {
        await this.#dispatch(command);
      } catch (e) {
        this.#post({ type: 'error', command: command.type, message: messageOf(e) });
      }
    });
    this.#commands = handled;
    return handled;
  }

  /** Stops training and sampling and frees everything (tests; a worker is simply terminated). */
  async dispose(): Promise<void> {
    await this.#commands;
    await this.#stopActivity();
    if (this.#run !== null) disposeRun(this.#run);
    this.#run = null;
    this.#backend?.backend.destroy();
    this.#backend = null;
  }

  async #dispatch(command: Command): Promise<void> {
    switch (command.type) {
      case 'configure':
        await this.#stopActivity();
        return this.#exclusive(() => this.#configure(command.settings, command.assets));
      case 'start':
        this.#start();
        return;
      case 'pause':
        return this.#pause();
      case 'reset':
        await this.#stopActivity();
        return this.#exclusive(() => {
          this.#reset();
        });
      case 'inspect':
        return this.#exclusive(() => this.#inspect(command));
      case 'gradients':
        return this.#exclusive(() => this.#gradients(command.text));
      case 'sample':
        return this.#sample(command);
      case 'stop-sample':
        return this.#stopSampling();
      case 'save':
        return this.#exclusive(() => this.#save());
      case 'load':
        await this.#stopActivity();
        return this.#exclusive(() => this.#load(command.bytes, command.fileName));
    }
  }

  /**
   * Runs `work` holding the model's lock, with this session's backend current: tensors made
   * there (batches, probes) must live where the model's weights do.
   */
  #exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    return this.#lock.run(() => {
      if (this.#backend !== null) setBackend(this.#backend.backend);
      return work();
    });
  }

  #current(): Run {
    if (this.#run === null) throw new SessionError('nothing is configured yet: send configure first');
    return this.#run;
  }

  // configure, reset, load: build the new run aside, then swap it in.

  async #configure(settings: Settings, assets: string): Promise<void> {
    const text = await trainingText(settings, assets, this.#fetchText);
    const previous = this.#backend;
    const reused = previous !== null && previous.name === settings.backend && previous.assets === assets;
    const next = reused ? previous : { ...(await this.#createBackend(settings.backend, assets)), name: settings.backend, assets };
    setBackend(next.backend);
    let run: Run;
    try {
      run = buildRun(settings, { text });
    } catch (e) {
      if (!reused) {
        next.backend.destroy();
        if (previous !== null) setBackend(previous.backend);
      }
      throw e;
    }
    this.#swap(run, text);
    if (!reused) {
      previous?.backend.destroy();
      this.#backend = next;
    }
    this.#postConfigured();
  }

  /** Same settings, same seed; a loaded char-LM keeps its vocabulary. */
  #reset(): void {
    const { settings, task } = this.#current();
    this.#swap(buildRun(settings, { text: this.#text, ...(task instanceof CharLmTask ? { tokenizer: task.tokenizer } : {}) }), this.#text);
    this.#postConfigured();
  }

  async #load(bytes: Uint8Array, fileName: string): Promise<void> {
    const active = this.#backend;
    if (active === null) throw new SessionError('nothing is configured yet: send configure (which picks the backend) before load');
    const generator = new Generator(0);
    const { checkpoint, settings, tokenizer } = openCheckpoint(bytes, fileName, { backend: active.name, generator });
    let run: Run;
    let text: string | undefined;
    try {
      text = await trainingText(settings, active.assets, this.#fetchText);
      run = buildRun(settings, { text, ...(tokenizer === undefined ? {} : { tokenizer }), model: { module: checkpoint.model, generator } });
      try {
        restoreSaved(run, checkpoint);
      } catch (e) {
        disposeRun(run);
        throw e;
      }
    } catch (e) {
      checkpoint.model.dispose();
      throw e;
    } finally {
      checkpoint.dispose();
    }
    this.#swap(run, text);
    this.#post({ type: 'loaded', fileName, settings, backend: active.report, parameters: countParameters(run.model), step: run.step });
    this.#post({ type: 'status', state: 'paused' });
    // The loaded model's standing on this text, for the loss chart.
    await this.#validate();
  }

  #swap(run: Run, text: string | undefined): void {
    if (this.#run !== null) disposeRun(this.#run);
    this.#run = run;
    this.#text = text;
  }

  #postConfigured(): void {
    const run = this.#current();
    this.#post({ type: 'configured', settings: run.settings, backend: this.#backend!.report, parameters: countParameters(run.model), step: run.step });
    this.#post({ type: 'status', state: 'paused' });
  }

  // Training

  /** Starts the loop in the background; a second start while running changes nothing. */
  #start(): void {
    this.#current();
    if (this.#running) return;
    this.#running = true;
    this.#post({ type: 'status', state: 'running' });
    this.#training = this.#trainingLoop();
  }

  async #pause(): Promise<void> {
    this.#running = false;
    await this.#training;
  }

  async #stopActivity(): Promise<void> {
    await this.#pause();
    await this.#stopSampling();
  }

  /** Steps until paused; then the last figures, a validation and `status paused`. */
  async #trainingLoop(): Promise<void> {
    const rate = new StepRate();
    let points: TrainingPoint[] = [];
    let posted = performance.now();
    const flush = (): void => {
      if (points.length > 0) this.#post({ type: 'progress', points });
      points = [];
      posted = performance.now();
    };
    try {
      while (this.#running) {
        const point = await this.#exclusive(async () => {
          const run = this.#current();
          rate.start();
          const { loss, gradNorm } = await trainStep(run);
          return { step: run.step, loss, gradNorm, stepsPerSecond: rate.end() };
        });
        points.push(point);
        if (performance.now() - posted >= this.#progressInterval) flush();
        if (point.step % VALIDATION_EVERY === 0) {
          flush();
          await this.#exclusive(() => this.#validate());
        }
        await yieldToEventLoop();
      }
    } catch (e) {
      this.#post({ type: 'error', command: 'start', message: messageOf(e) });
    } finally {
      this.#running = false;
      flush();
    }
    try {
      await this.#exclusive(() => this.#validate());
    } catch (e) {
      this.#post({ type: 'error', command: 'pause', message: messageOf(e) });
    }
    this.#post({ type: 'status', state: 'paused' });
  }

  /** A `validation` event for the current step, unless it has one already. */
  async #validate(): Promise<void> {
    const run = this.#current();
    if (run.validatedStep === run.step || run.step === 0) return;
    run.model.eval();
    const loss = await run.task.validationLoss(run.model);
    run.validatedStep = run.step;
    this.#post({ type: 'validation', step: run.step, loss });
  }

  // Looking inside

  async #inspect({ text, layer, direction }: Extract<Command, { type: 'inspect' }>): Promise<void> {
    const run = this.#current();
    run.model.eval();
    const inspection = run.task.inspection(run.model, text);
    try {
      const maps = await inspectLayer(run.task.recurrentOf(run.model), inspection, { layer, direction }, run.settings.model.cell);
      this.#post({ type: 'inspection', step: run.step, layer, direction, labels: inspection.labels, maps }, maps.map((m) => m.values.buffer as ArrayBuffer));
    } finally {
      inspection.input.dispose();
    }
  }

  /** The current model beside a fresh tanh RNN and LSTM of the same size and seed. */
  async #gradients(text: string | null): Promise<void> {
    const run = this.#current();
    const { settings, task } = run;
    const curves: GradientCurve[] = [];
    let labels: readonly string[] = [];
    const measure = async (model: Module, kind: GradientCurve['kind'], label: string): Promise<void> => {
      model.eval();
      const probe: Probe = task.probe(model, text);
      try {
        labels = probe.labels;
        curves.push({ kind, label, norms: await gradientNorms(task.recurrentOf(model), probe) });
      } finally {
        probe.input.dispose();
      }
    };
    await measure(run.model, 'model', `${settings.model.cell}, step ${run.step}`);
    for (const [cell, label] of [['rnn', 'tanh RNN at init'], ['lstm', 'LSTM at init']] as const satisfies readonly (readonly [CellName, string])[]) {
      const fresh = task.buildModel({ ...settings.model, cell, blockSize: 1 }, modelGenerator(settings.training.seed));
      try {
        await measure(fresh, 'reference', label);
      } finally {
        fresh.dispose();
      }
    }
    this.#post({ type: 'gradients', labels, curves }, curves.map((c) => c.norms.buffer as ArrayBuffer));
  }

  // Sampling

  async #sample({ prime, temperature, length }: Extract<Command, { type: 'sample' }>): Promise<void> {
    const { task, model, settings } = this.#current();
    if (!(task instanceof CharLmTask) || !(model instanceof LanguageModel)) {
      throw new SessionError(`sampling draws characters from a language model; the ${task.name} task has none (choose char-lm)`);
    }
    await this.#stopSampling();
    const context = { exclusive: <T>(work: () => Promise<T>) => this.#exclusive(work), post: this.#post };
    this.#sampling = new SampleStream({ model, tokenizer: task.tokenizer, prime, temperature, length, seed: settings.training.seed }, context);
  }

  async #stopSampling(): Promise<void> {
    await this.#sampling?.stop();
    this.#sampling = null;
  }

  // Files

  async #save(): Promise<void> {
    const run = this.#current();
    const { bytes, fileName } = await saveCheckpoint(run);
    this.#post({ type: 'saved', bytes, fileName }, [bytes.buffer as ArrayBuffer]);
  }
}

/** Puts a checkpoint's step, optimizer state and random streams into a freshly built run. */
function restoreSaved(run: Run, checkpoint: Parameters<typeof restoreTraining>[0] & { readonly step: number }): void {
  const saved = checkpoint.generatorStates;
  const generators = Object.fromEntries(Object.entries(run.generators).filter(([name]) => Object.hasOwn(saved, name)));
  // An optimizer of another kind (a CLI model trained with adamw) starts afresh.
  const optimizer = checkpoint.optimizerState?.optimizer === run.optimizer.kind ? run.optimizer : undefined;
  restoreTraining(checkpoint, { ...(optimizer === undefined ? {} : { optimizer }), generators });
  run.step = checkpoint.step;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The type a malformed message claimed, when it is one, so the page knows which request failed. */
function commandTypeOf(data: unknown): CommandType | 'unknown' {
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
  return typeof type === 'string' && (COMMAND_TYPES as readonly string[]).includes(type) ? (type as CommandType) : 'unknown';
}
