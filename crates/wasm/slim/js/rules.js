// The slim package's stand-in for rules.js (see unsupported.js).
import { unsupported } from './unsupported.js';

export class Rule {
  constructor() {
    unsupported('rule language');
  }
}
export const evaluate = () => unsupported('rule language');
export const backtest = () => unsupported('backtester');
export const score = () => unsupported('signal score');
