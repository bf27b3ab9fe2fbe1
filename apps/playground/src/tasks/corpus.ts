/** The char-LM's text: the person's own, or tiny-shakespeare, served beside the page. */
import type { Settings } from '../settings.js';
import { TaskError } from './errors.js';

/** Reads a URL as text; injectable so tests read the file from disk. */
export type FetchText = (url: string) => Promise<string>;

/** Where vite.config.ts copies the bundled corpus, under the page's assets folder. */
export const corpusUrl = (assets: string): string => new URL('data/tinyshakespeare.txt', assets).href;

export const fetchText: FetchText = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new TaskError(`could not fetch the bundled corpus from ${url}: HTTP ${response.status} ${response.statusText}`);
  return response.text();
};

/** The text char-lm trains on under `settings`, or undefined for the other tasks. */
export async function trainingText(settings: Settings, assets: string, fetchTextFrom: FetchText): Promise<string | undefined> {
  if (settings.task.name !== 'char-lm') return undefined;
  return settings.task.text ?? (await fetchTextFrom(corpusUrl(assets)));
}
