/**
 * Date normalisation: a date written by a person in one of many formats ("3 May 1979", "5/3/79",
 * "Thursday 03 May 1979", "MAY 3, 1979", "1979.05.03", "3.5.1979", "May 3rd 1979", …) → its ISO
 * form "1979-05-03". Years run 1950–2049, so a two-digit year is unambiguous (50–99 → 19xx,
 * 00–49 → 20xx); slashes are American (month/day/year), dots and dashes European
 * (day.month.year), so every string has exactly one reading. Weekdays are the real ones.
 *
 * Each example records where the day, month and year are written in the input, to measure how
 * much attention the output's day, month and year characters put on them.
 */
import type { Generator } from '@rnn/tensor';
import { Draws } from '../shared/draws.js';
import { CharVocabulary, type PairSet } from '../shared/seq2seq.js';

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Every character an input may hold (id 0, the space, also pads). */
export const INPUT_CHARS = new CharVocabulary(' 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,./-');
/** ISO digits, the dash, and the end token '$'. */
export const OUTPUT_CHARS = new CharVocabulary('0123456789-$');
export const END = OUTPUT_CHARS.id('$');
/** "YYYY-MM-DD" and the end token. */
export const TARGET_LENGTH = 11;

export const FIRST_DAY = Date.UTC(1950, 0, 1) / 86_400_000;
export const LAST_DAY = Date.UTC(2049, 11, 31) / 86_400_000;

/** A calendar date. */
export interface CalendarDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
}

export type Field = 'day' | 'month' | 'year';

export interface DateExample {
  readonly date: CalendarDate;
  /** The index of the format it is written in (`FORMATS`). */
  readonly format: number;
  readonly input: string;
  /** "YYYY-MM-DD". */
  readonly target: string;
  /** [start, end) of the day, month and year in `input`. */
  readonly spans: Readonly<Record<Field, readonly [number, number]>>;
}

/** Days since 1970-01-01 → the date (UTC, so no time zone shifts it). */
export function dateOfDay(dayNumber: number): CalendarDate {
  const d = new Date(dayNumber * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

export const isoOf = ({ year, month, day }: CalendarDate): string => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

type Part = string | { readonly field: Field; readonly text: string };
type Case = 'title' | 'lower' | 'upper';

const pad2 = (n: number): string => String(n).padStart(2, '0');
const yy = (year: number): string => pad2(year % 100);
const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
const cased = (text: string, c: Case): string => (c === 'lower' ? text.toLowerCase() : c === 'upper' ? text.toUpperCase() : text);
const monthName = (d: CalendarDate, c: Case, short = false): Part => ({ field: 'month', text: cased(short ? MONTHS[d.month - 1]!.slice(0, 3) : MONTHS[d.month - 1]!, c) });
const weekdayName = (d: CalendarDate, c: Case, short = false): string => cased(short ? WEEKDAYS[d.weekday]!.slice(0, 3) : WEEKDAYS[d.weekday]!, c);
const day = (text: string): Part => ({ field: 'day', text });
const month = (text: string): Part => ({ field: 'month', text });
const year = (text: string): Part => ({ field: 'year', text });

/** The formats, each a function of the date and a letter case. */
export const FORMATS: readonly ((d: CalendarDate, c: Case) => Part[])[] = [
  (d, c) => [day(String(d.day)), ' ', monthName(d, c), ' ', year(String(d.year))], // 3 May 1979
  (d, c) => [day(pad2(d.day)), ' ', monthName(d, c), ' ', year(String(d.year))], // 03 May 1979
  (d, c) => [day(String(d.day)), ' ', monthName(d, c, true), ' ', year(yy(d.year))], // 3 May 79
  (d) => [month(String(d.month)), '/', day(String(d.day)), '/', year(yy(d.year))], // 5/3/79
  (d) => [month(pad2(d.month)), '/', day(pad2(d.day)), '/', year(String(d.year))], // 05/03/1979
  (d, c) => [weekdayName(d, c), ' ', day(pad2(d.day)), ' ', monthName(d, c), ' ', year(String(d.year))], // Thursday 03 May 1979
  (d, c) => [weekdayName(d, c, true), ', ', day(String(d.day)), ' ', monthName(d, c, true), ' ', year(String(d.year))], // Thu, 3 May 1979
  (d, c) => [monthName(d, c), ' ', day(String(d.day)), ', ', year(String(d.year))], // MAY 3, 1979
  (d, c) => [monthName(d, c, true), ' ', day(String(d.day)), ' ', year(String(d.year))], // May 3 1979
  (d, c) => [weekdayName(d, c), ', ', monthName(d, c), ' ', day(ordinal(d.day)), ', ', year(String(d.year))], // Thursday, May 3rd, 1979
  (d) => [year(String(d.year)), '-', month(pad2(d.month)), '-', day(pad2(d.day))], // 1979-05-03
  (d) => [year(String(d.year)), '/', month(pad2(d.month)), '/', day(pad2(d.day))], // 1979/05/03
  (d) => [year(String(d.year)), month(pad2(d.month)), day(pad2(d.day))], // 19790503
  (d) => [year(String(d.year)), '.', month(String(d.month)), '.', day(String(d.day))], // 1979.5.3
  (d) => [day(String(d.day)), '.', month(String(d.month)), '.', year(String(d.year))], // 3.5.1979
  (d) => [day(pad2(d.day)), '.', month(pad2(d.month)), '.', year(yy(d.year))], // 03.05.79
  (d, c) => [day(pad2(d.day)), '-', monthName(d, c, true), '-', year(String(d.year))], // 03-May-1979
  (d, c) => [monthName(d, c), ' ', day(ordinal(d.day)), ' ', year(String(d.year))], // May 3rd 1979
  (d, c) => ['the ', day(ordinal(d.day)), ' of ', monthName(d, c), ' ', year(String(d.year))], // the 3rd of May 1979
  (d, c) => [day(String(d.day)), ' ', monthName(d, c, true), ', ', weekdayName(d, c, true), ' ', year(yy(d.year))], // 3 May, Thu 79
];

/** The date written in format `format` with letter case `c`. */
export function formatDate(date: CalendarDate, format: number, c: Case = 'title'): DateExample {
  let input = '';
  const spans: Partial<Record<Field, readonly [number, number]>> = {};
  for (const part of FORMATS[format]!(date, c)) {
    if (typeof part === 'string') {
      input += part;
    } else {
      spans[part.field] = [input.length, input.length + part.text.length];
      input += part.text;
    }
  }
  return { date, format, input, target: isoOf(date), spans: spans as DateExample['spans'] };
}

const CASES: readonly Case[] = ['title', 'title', 'lower', 'upper'];

/** `count` examples: each a day drawn from `days`, a format and a letter case (pass a `Draws` to keep drawing from one stream). */
export function dateExamples(source: Generator | Draws, days: ArrayLike<number>, count: number): DateExample[] {
  const draws = source instanceof Draws ? source : new Draws(source);
  return Array.from({ length: count }, () => formatDate(dateOfDay(days[draws.int(0, days.length)]!), draws.int(0, FORMATS.length), draws.pick(CASES)));
}

/**
 * The days of 1950–2049 split in two, seeded: `validation` holds a share of them that training
 * never sees, in any format.
 */
export function splitDays(generator: Generator, validationFraction: number): { train: Int32Array; validation: Int32Array } {
  const all = LAST_DAY - FIRST_DAY + 1;
  const order = new Draws(generator).permutation(all);
  const cut = all - Math.round(all * validationFraction);
  const days = (indices: Int32Array): Int32Array => Int32Array.from(indices, (i) => FIRST_DAY + i).sort();
  return { train: days(order.slice(0, cut)), validation: days(order.slice(cut)) };
}

export function datePairs(examples: readonly DateExample[]): PairSet {
  return { sources: examples.map((e) => INPUT_CHARS.encode(e.input)), targets: examples.map((e) => [...OUTPUT_CHARS.encode(e.target), END]) };
}
