/**
 * A small SVG heatmap writer for attention weights: one panel per example, a row per output
 * character, a column per input character, each cell shaded by its weight (white 0 → dark 1),
 * with the characters as axis labels. Plain strings, no dependencies.
 */

export interface HeatmapPanel {
  readonly title: string;
  /** Row labels: the output characters, top to bottom. */
  readonly rows: readonly string[];
  /** Column labels: the input characters, left to right. */
  readonly columns: readonly string[];
  /** `weights[r][c]` in [0, 1]. */
  readonly weights: readonly (ArrayLike<number>)[];
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A visible label for a space. */
const label = (c: string): string => (c === ' ' ? '␣' : c);

/** The panels stacked top to bottom, `cell` pixels a square. */
export function heatmapSvg(panels: readonly HeatmapPanel[], cell = 16): string {
  const margin = { left: 24, top: 34, gap: 22 };
  const widths = panels.map((p) => Math.max(margin.left + p.columns.length * cell, margin.left + Math.ceil(p.title.length * cell * 0.45)) + 8);
  const heights = panels.map((p) => margin.top + p.rows.length * cell + margin.gap);
  const width = Math.max(...widths, 200);
  const height = heights.reduce((a, b) => a + b, 0);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="${Math.round(cell * 0.7)}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  let y0 = 0;
  panels.forEach((panel, p) => {
    const top = y0 + margin.top;
    out.push(`<text x="${margin.left}" y="${y0 + 14}" font-weight="bold">${escape(panel.title)}</text>`);
    panel.columns.forEach((c, j) => {
      out.push(`<text x="${margin.left + j * cell + cell / 2}" y="${top - 4}" text-anchor="middle">${escape(label(c))}</text>`);
    });
    panel.rows.forEach((r, i) => {
      out.push(`<text x="${margin.left - 4}" y="${top + i * cell + cell * 0.75}" text-anchor="end">${escape(label(r))}</text>`);
      for (let j = 0; j < panel.columns.length; j++) {
        const w = Math.max(0, Math.min(1, panel.weights[i]![j] ?? 0));
        const shade = Math.round(255 * (1 - w));
        out.push(`<rect x="${margin.left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},${Math.round(255 - 155 * w)})" stroke="#ddd" stroke-width="0.5"><title>${escape(`${label(r)} ← ${label(panel.columns[j]!)}: ${w.toFixed(3)}`)}</title></rect>`);
      }
    });
    y0 += heights[p]!;
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
