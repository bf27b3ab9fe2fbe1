/** Finds every golden file below a folder, recursively, in a stable order: new cases just appear. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function discoverGoldenFiles(root: string): string[] {
  if (statSync(root).isFile()) return [root];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) found.push(path);
    }
  };
  walk(root);
  return found;
}
