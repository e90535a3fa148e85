/** How the reports show one piece of evidence's growth per cycle. */
import { formatPerCycle } from '../format/units.js';
import type { Evidence } from '../verdict/types.js';

/** Growth per cycle in the unit of the evidence kind: bytes for trends, counts otherwise (`+1.00/cycle`). */
export function formatEvidencePerCycle(e: Evidence): string {
  return formatPerCycle(e.perCycle, e.kind === 'trend' ? 'bytes' : 'count');
}
