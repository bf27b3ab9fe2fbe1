/**
 * The playground page: builds each panel on index.html's elements and connects them to the
 * training worker. All training, inspection and sampling happen in the worker; this thread only
 * draws what it reports.
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { GradientPanel } from './charts/gradient-panel.js';
import { TrainingCharts } from './charts/training-charts.js';
import { InspectPanel } from './heatmap/inspect-panel.js';
import { DEFAULT_SETTINGS, type Settings } from './settings.js';
import { showBackendReport } from './ui/backend-report.js';
import { SettingsForm } from './ui/controls.js';
import { byTestId } from './ui/dom.js';
import { MessageArea } from './ui/message-area.js';
import { SamplePanel } from './ui/sample-panel.js';
import { SessionButtons } from './ui/session-buttons.js';
import { hasModel, type SessionState } from './ui/session-state.js';
import { StatusLine } from './ui/status-line.js';
import { navigatorGpu, probeWebGpu } from './ui/webgpu-probe.js';
import { WorkerClient } from './ui/worker-client.js';

const messages = new MessageArea(byTestId('messages', HTMLElement));
const client = new WorkerClient((message) => {
  messages.showError('worker', message);
});
const status = new StatusLine(byTestId('status', HTMLElement));
const buttons = new SessionButtons(client);
const charts = new TrainingCharts({
  loss: byTestId('loss-chart', HTMLElement),
  gradNorm: byTestId('grad-norm-chart', HTMLElement),
  speed: byTestId('speed-chart', HTMLElement),
});
const inspectPanel = new InspectPanel(client);
const gradientPanel = new GradientPanel(client, () => inspectPanel.probeText());
const samplePanel = new SamplePanel(client);

let settings: Settings = DEFAULT_SETTINGS;
let state: SessionState = 'starting';
/** The state to return to when a configure is refused ("nothing changed"). */
let stateBeforeConfigure: SessionState = 'starting';

const form = new SettingsForm(byTestId('settings-form', HTMLFormElement), (changed) => {
  configure(changed);
});

function configure(next: Settings): void {
  stateBeforeConfigure = state;
  setState('configuring');
  client.configure(next);
}

function setState(next: SessionState): void {
  state = next;
  status.setState(next);
  buttons.setState(next);
  inspectPanel.setModelReady(hasModel(next));
  gradientPanel.setModelReady(hasModel(next));
  samplePanel.setModel(hasModel(next), settings.task.name === 'char-lm');
}

/** Settings now in force (configured or loaded): the panels offer what they allow. */
function applySettings(next: Settings): void {
  settings = next;
  inspectPanel.setSettings(next);
  samplePanel.setModel(hasModel(state), next.task.name === 'char-lm');
}

client.on('configured', (event) => {
  applySettings(event.settings);
  showBackendReport(byTestId('backend-report', HTMLElement), event.backend, event.settings.backend);
  charts.clear();
  gradientPanel.newRun();
  status.setModel(event.parameters, event.step);
  setState('paused');
});
client.on('status', (event) => {
  setState(event.state);
});
client.on('progress', ({ points }) => {
  charts.add(points);
  const last = points.at(-1);
  if (last !== undefined) status.setProgress(last.step, last.stepsPerSecond);
});
client.on('validation', ({ step, loss }) => {
  charts.addValidation(step, loss);
  status.setValidationLoss(loss);
});
client.on('loaded', (event) => {
  form.show(event.settings);
  applySettings(event.settings);
  showBackendReport(byTestId('backend-report', HTMLElement), event.backend, event.settings.backend);
  charts.clear();
  gradientPanel.newRun();
  status.setModel(event.parameters, event.step);
});
client.on('error', ({ command, message }) => {
  messages.showError(command, message);
  if (command === 'configure') {
    form.show(settings);
    setState(hasModel(stateBeforeConfigure) ? stateBeforeConfigure : 'no-model');
  }
  if (command === 'inspect') inspectPanel.failed();
  if (command === 'gradients') gradientPanel.failed();
  if (command === 'sample') samplePanel.failed();
});

form.show(DEFAULT_SETTINGS);
applySettings(DEFAULT_SETTINGS);
configure(DEFAULT_SETTINGS);
void probeWebGpu(navigatorGpu()).then((availability) => {
  form.showWebGpu(availability);
});
