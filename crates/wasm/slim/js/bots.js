// The slim package's stand-in for bots.js (see unsupported.js).
import { unsupported } from './unsupported.js';

export const gridBot = () => unsupported('grid bot');
export const dcaBot = () => unsupported('DCA bot');
export const walkForward = () => unsupported('walk-forward backtest');
