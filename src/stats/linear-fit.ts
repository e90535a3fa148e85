/**
 * Ordinary least squares, shared by the verdict (verdict/stats.ts re-exports it) and the heap
 * analysis (heap/growth.ts): neither stage may import the other, so the fit lives in neither.
 */
import { SoakError } from '../errors.js';

/** A least-squares line y = slope · x + intercept, and how well it fits. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination; 0 when y does not vary. */
  r2: number;
}

/** Ordinary least squares of y on x, with r². NaN slope when x does not vary. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  if (xs.length !== ys.length) {
    throw new SoakError('SOAK_INTERNAL', `linearFit: ${xs.length} xs but ${ys.length} ys`);
  }
  const n = xs.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const r2 = syy === 0 || sxx === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2 };
}
