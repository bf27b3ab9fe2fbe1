import { createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { heatmapSvg } from '../shared/heatmap.js';
import { dateExamples, dateOfDay, datePairs, FIRST_DAY, formatDate, FORMATS, INPUT_CHARS, LAST_DAY, MONTHS, OUTPUT_CHARS, END, splitDays, WEEKDAYS, type CalendarDate } from './data.js';
import { trainDates } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** Zeller's congruence, independent of `Date`: 0 = Sunday. */
function weekdayOf(year: number, month: number, day: number): number {
  const m = month < 3 ? month + 12 : month;
  const y = month < 3 ? year - 1 : year;
  const h = (day + Math.floor((13 * (m + 1)) / 5) + (y % 100) + Math.floor((y % 100) / 4) + Math.floor(y / 400) - 2 * Math.floor(y / 100)) % 7;
  return (((h + 6) % 7) + 7) % 7;
}

const MAY_3_1979: CalendarDate = { year: 1979, month: 5, day: 3, weekday: 4 };

describe('date formats', () => {
  it('writes 3 May 1979 (a Thursday) in every format', () => {
    expect(FORMATS.map((_, f) => formatDate(MAY_3_1979, f).input)).toEqual([
      '3 May 1979',
      '03 May 1979',
      '3 May 79',
      '5/3/79',
      '05/03/1979',
      'Thursday 03 May 1979',
      'Thu, 3 May 1979',
      'May 3, 1979',
      'May 3 1979',
      'Thursday, May 3rd, 1979',
      '1979-05-03',
      '1979/05/03',
      '19790503',
      '1979.5.3',
      '3.5.1979',
      '03.05.79',
      '03-May-1979',
      'May 3rd 1979',
      'the 3rd of May 1979',
      '3 May, Thu 79',
    ]);
    expect(formatDate(MAY_3_1979, 7, 'upper').input).toBe('MAY 3, 1979');
    expect(formatDate(MAY_3_1979, 5, 'lower').input).toBe('thursday 03 may 1979');
    expect(formatDate(MAY_3_1979, 0).target).toBe('1979-05-03');
  });

  it('writes ordinals right (1st, 2nd, 3rd, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st)', () => {
    const ordinal = (day: number) => formatDate({ year: 2000, month: 1, day, weekday: 0 }, 17).input.split(' ')[1];
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '31st']);
  });

  it('gives every example the right weekday, an ISO target that its day, month and year spans read back to, and only known characters', () => {
    const { train } = splitDays(new Generator(1), 0.1);
    for (const e of dateExamples(new Generator(5), train, 3000)) {
      const { year, month, day } = e.date;
      expect(e.target).toBe(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
      expect(e.date.weekday).toBe(weekdayOf(year, month, day));
      if ([5, 6, 9, 19].includes(e.format)) expect(e.input.toLowerCase()).toContain(WEEKDAYS[weekdayOf(year, month, day)]!.slice(0, 3).toLowerCase());
      const text = (field: 'day' | 'month' | 'year') => e.input.slice(...e.spans[field]);
      expect(Number(text('day').replace(/(st|nd|rd|th)$/, ''))).toBe(day);
      const m = text('month');
      expect(/^\d+$/.test(m) ? Number(m) : MONTHS.findIndex((name) => name.toLowerCase().startsWith(m.toLowerCase())) + 1).toBe(month);
      const y = Number(text('year'));
      expect(text('year').length === 2 ? (y >= 50 ? 1900 + y : 2000 + y) : y).toBe(year);
      expect(year).toBeGreaterThanOrEqual(1950);
      expect(year).toBeLessThanOrEqual(2049);
      expect(() => INPUT_CHARS.encode(e.input)).not.toThrow();
    }
  });

  it('names the real weekday in the formats that write one', () => {
    for (const dayNumber of [FIRST_DAY, FIRST_DAY + 1234, 3409, 18_000, LAST_DAY]) {
      const date = dateOfDay(dayNumber);
      expect(formatDate(date, 5).input.split(' ')[0]).toBe(WEEKDAYS[weekdayOf(date.year, date.month, date.day)]);
    }
    expect(dateOfDay(FIRST_DAY)).toEqual({ year: 1950, month: 1, day: 1, weekday: 0 });
    expect(dateOfDay(LAST_DAY)).toEqual({ year: 2049, month: 12, day: 31, weekday: 5 });
  });

  it('holds out days that training never sees', () => {
    const { train, validation } = splitDays(new Generator(1), 0.1);
    expect(train.length + validation.length).toBe(36_525);
    expect(validation.length).toBe(3653);
    const held = new Set(validation);
    expect(train.some((d) => held.has(d))).toBe(false);
  });

  it('encodes targets as ISO characters and the end token', () => {
    const set = datePairs([formatDate(MAY_3_1979, 3)]);
    expect(INPUT_CHARS.decode(set.sources[0]!)).toBe('5/3/79');
    expect(set.targets[0]).toEqual([...OUTPUT_CHARS.encode('1979-05-03'), END]);
  });
});

describe('heatmapSvg', () => {
  it('draws one cell per (output, input) pair, shaded by weight', () => {
    const svg = heatmapSvg([{ title: 'a <b>', rows: ['1', '$'], columns: ['x', ' ', 'y'], weights: [[1, 0, 0], [0, 0.5, 0.5]] }]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(6);
    expect(svg).toContain('a &lt;b&gt;');
    expect(svg).toContain('fill="rgb(0,0,100)"');
    expect(svg).toContain('fill="rgb(255,255,255)"');
  });
});

describe('trainDates', () => {
  it.each(['luong', 'bahdanau'] as const)('a tiny %s model: loss falls, the figures are well formed, nothing leaks', async (attention) => {
    const before = numHandles();
    const result = await trainDates({ attention, encoderSize: 12, decoderSize: 24, embeddingDim: 8, batchSize: 16, lr: 0.01, steps: 40, evalEvery: 20, validationSize: 40, beamWidth: 2, heatmapExamples: 2, stopAt: 0 });
    expect(numHandles()).toBe(before);
    expect(result.evaluations.map((e) => e.step)).toEqual([20, 40]);
    expect(result.evaluations[1]!.loss).toBeLessThan(result.evaluations[0]!.loss);
    expect(result.evaluations[1]!.loss).toBeLessThan(Math.log(OUTPUT_CHARS.size));
    for (const v of [result.greedyExactMatch, result.beamExactMatch!, result.finalExactMatch]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // Greedy decoding through translate and on the device agree.
    expect(result.greedyExactMatch).toBeCloseTo(result.finalExactMatch, 10);
    const { byRow, ...fields } = result.attentionShares;
    expect(byRow).toHaveLength(10);
    expect([byRow[4], byRow[7]]).toEqual([null, null]);
    for (const v of byRow) {
      if (v === null) continue;
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
    for (const { share, uniform } of Object.values(fields)) {
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThan(1);
      expect(uniform).toBeGreaterThan(0);
      expect(uniform).toBeLessThan(1);
    }
    expect(result.panels).toHaveLength(2);
    for (const panel of result.panels) {
      expect(panel.weights).toHaveLength(panel.rows.length);
      for (const row of panel.weights) {
        expect(row).toHaveLength(panel.columns.length);
        expect(Array.from(row).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      }
    }
  });
});
