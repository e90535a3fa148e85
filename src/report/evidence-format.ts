/** How the reports show one piece of evidence's growth per cycle. */
import { formatBytes } from '../scenario/units.js';
import type { Evidence } from '../verdict/types.js';

/** Growth per cycle in the unit of the evidence kind: bytes for trends, counts otherwise (`+1.00/cycle`). */
export function formatEvidencePerCycle(e: Evidence): string {
  const n = e.perCycle;
  const value = e.kind === 'trend' ? `${n >= 0 ? '+' : ''}${formatBytes(Math.round(n))}` : `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;
  return `${value}/cycle`;
}
