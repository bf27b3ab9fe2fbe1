/**
 * Finds and launches the system's Chromium (Debian's `chromium` package; `CHROMIUM_PATH`
 * overrides). Browsers are never downloaded: `tooling/scripts/ensure-chromium.sh` installs the
 * Debian package where it is missing, and `.ci/run` calls it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable, or null when none is installed. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/**
 * Headless Chromium with the flags a closed, root-run sandbox needs: no sandbox (root), and no
 * background networking, whose connections this machine refuses many at a time.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === null) throw new Error('no Chromium: run tooling/scripts/ensure-chromium.sh (Debian package chromium) or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
