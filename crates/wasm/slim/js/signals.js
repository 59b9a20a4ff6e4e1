// The slim package's stand-in for signals.js (see unsupported.js).
import { unsupported } from './unsupported.js';

const none = () => unsupported('signal primitives');
export const signals = Object.freeze({ cross: none, zeroCross: none, threshold: none, run: none, breakout: none, divergence: none, squeeze: none });
