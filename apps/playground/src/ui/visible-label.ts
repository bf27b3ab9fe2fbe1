/**
 * A time-step label a person can see: a char-LM's inputs include spaces and newlines, which as
 * axis labels would be blank or break the line.
 */
const VISIBLE: Readonly<Record<string, string>> = { ' ': '␣', '\n': '↵', '\r': '␍', '\t': '⇥' };

export function visibleLabel(label: string): string {
  return VISIBLE[label] ?? label;
}
