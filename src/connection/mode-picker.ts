/**
 * Picks the mode for each connection from `disconnect.mode`: a list is taken in turn (the
 * rotation is shared by all connections of the process), a mapping by weighted chance.
 */
import { SoakError } from '../errors.js';
import type { DisconnectMode, ModeSelection } from '../scenario/types.js';

/** What ends a connection when `disconnect.mode` names only refusals. */
const NORMAL_CLOSE: DisconnectMode = { name: 'close-1000', kind: 'close', code: 1000 };

export class ModePicker {
  private turn = 0;
  private readonly modes: DisconnectMode[];
  /** Running totals of the weights; a linear search is enough for at most 100 entries. */
  private readonly cumulative: number[];
  private readonly total: number;

  /**
   * @param choices - modes with weights, in the order written (weights are ignored for `rotate`)
   * @param random - source of [0, 1) numbers; tests pass a fixed sequence
   */
  constructor(
    choices: ModeSelection['choices'],
    private readonly pick: ModeSelection['pick'],
    private readonly random: () => number = Math.random,
  ) {
    // The scenario schema never lets an empty list through: an empty one here is a bug.
    if (choices.length === 0) throw new SoakError('SOAK_INTERNAL', 'ModePicker needs at least one mode, got none');
    this.modes = choices.map((c) => c.mode);
    let sum = 0;
    this.cumulative = choices.map((c) => (sum += pick === 'weighted' ? c.weight : 1));
    this.total = sum;
  }

  next(): DisconnectMode {
    if (this.pick === 'rotate') {
      const mode = this.modes[this.turn] as DisconnectMode;
      this.turn = (this.turn + 1) % this.modes.length;
      return mode;
    }
    const x = this.random() * this.total;
    const index = this.cumulative.findIndex((upTo) => x < upTo);
    return this.modes[index === -1 ? this.modes.length - 1 : index] as DisconnectMode;
  }
}

/** A weight of 0 in a mapping means "never"; every entry of a list counts. */
function carriesWeight(selection: ModeSelection, choice: ModeSelection['choices'][number]): boolean {
  return selection.pick === 'rotate' || choice.weight > 0;
}

/** The picker for how accepted connections end: every mode but the handshake refusals (close-1000 if none). */
export function endingPicker(selection: ModeSelection, random?: () => number): ModePicker {
  const endings = selection.choices.filter((c) => c.mode.kind !== 'handshake-reject' && carriesWeight(selection, c));
  return endings.length > 0
    ? new ModePicker(endings, selection.pick, random)
    : new ModePicker([{ mode: NORMAL_CLOSE, weight: 1 }], 'rotate', random);
}

/** The picker for refusal statuses, or null when the selection has no `handshake-reject-<status>`. */
export function refusalPicker(selection: ModeSelection, random?: () => number): ModePicker | null {
  const refusals = selection.choices.filter((c) => c.mode.kind === 'handshake-reject' && carriesWeight(selection, c));
  return refusals.length > 0 ? new ModePicker(refusals, selection.pick, random) : null;
}
