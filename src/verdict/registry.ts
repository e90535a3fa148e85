/** Every verdict rule, in the order they run. */
import { enoughDataRule } from './rules/enough-data.rule.js';
import { externalTrendRule } from './rules/external-trend.rule.js';
import { handleGrowthRule } from './rules/handle-growth.rule.js';
import { heapTrendRule } from './rules/heap-trend.rule.js';
import { listenerGrowthRule } from './rules/listener-growth.rule.js';
import { objectGrowthRule } from './rules/object-growth.rule.js';
import { totalGrowthRule } from './rules/total-growth.rule.js';
import type { VerdictRule } from './types.js';

export const VERDICT_RULES: readonly VerdictRule[] = [
  enoughDataRule,
  heapTrendRule,
  externalTrendRule,
  totalGrowthRule,
  handleGrowthRule,
  listenerGrowthRule,
  objectGrowthRule,
];
