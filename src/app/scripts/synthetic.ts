/** Deterministic synthetic training data shared by the demo seed and the benchmark: same seed, same content. */

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID v4 drawn from `rand` (version nibble 4, variant 8..b), lower-case as the server writes new ids. */
export function uuidFrom(rand: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const variant = (8 + Math.floor(rand() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** Rounds to `digits` decimals, as trainers log their scores. */
export function round(x: number, digits = 4): number {
  return Number(x.toFixed(digits));
}

/** Clamps to [0, 1]. */
export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Entity labels of the receipt model: how well a fully trained run does on each, and the validation support. */
export const RECEIPT_LABELS: readonly { label: string; ceiling: number; support: number }[] = [
  { label: 'MERCHANT_NAME', ceiling: 0.95, support: 156 },
  { label: 'ADDRESS', ceiling: 0.87, support: 212 },
  { label: 'PHONE_NUMBER', ceiling: 0.97, support: 98 },
  { label: 'DATE', ceiling: 0.975, support: 149 },
  { label: 'TIME', ceiling: 0.94, support: 121 },
  { label: 'TOTAL', ceiling: 0.96, support: 160 },
  { label: 'SUBTOTAL', ceiling: 0.92, support: 118 },
  { label: 'TAX', ceiling: 0.93, support: 104 },
  { label: 'LINE_TOTAL', ceiling: 0.91, support: 640 },
  { label: 'PRODUCT_NAME', ceiling: 0.83, support: 702 },
  { label: 'QUANTITY', ceiling: 0.9, support: 288 },
  { label: 'UNIT_PRICE', ceiling: 0.88, support: 264 },
];

/** Precision and recall around an F1: precision = f1 + skew, recall chosen so that their harmonic mean is f1. */
export function precisionRecall(f1: number, skew: number): { precision: number; recall: number } {
  const precision = clamp01(f1 + skew);
  const recall = precision > 0 && 2 * precision - f1 > 0 ? clamp01((f1 * precision) / (2 * precision - f1)) : f1;
  return { precision: round(precision), recall: round(recall) };
}

/** One label's scores in one epoch. */
export interface LabelRow {
  label: string;
  f1: number;
  precision: number;
  recall: number;
  support: number;
}

/** What a run reports for one evaluation epoch (a recordEpoch input without the job id and extras). */
export interface EpochValues {
  epoch: number;
  step: number;
  valF1: number;
  valPrecision: number;
  valRecall: number;
  evalLoss: number;
  trainLoss: number;
  learningRate: number;
  labels: LabelRow[];
}
