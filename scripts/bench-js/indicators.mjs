// The seven headline indicators of issue 5, with the sigil-ta spec of each and the output
// column the loose cross-library check compares.

export const INDICATORS = [
  { id: 'sma', label: 'SMA(20)', spec: 'sma:20', talib: 'SMA', compare: 'sma' },
  { id: 'ema', label: 'EMA(20)', spec: 'ema:20', talib: 'EMA', compare: 'ema' },
  { id: 'rsi', label: 'RSI(14)', spec: 'rsi:14', talib: 'RSI', compare: 'rsi' },
  { id: 'macd', label: 'MACD(12,26,9)', spec: 'macd:12:26:9', talib: 'MACD', compare: 'macd_macd' },
  { id: 'bbands', label: 'BBANDS(20,2,2)', spec: 'bbands:20:2:2:sma', talib: 'BBANDS', compare: 'bbands_upperband' },
  { id: 'atr', label: 'ATR(14)', spec: 'atr:14', talib: 'ATR', compare: 'atr' },
  { id: 'stoch', label: 'STOCH(14,3,3)', spec: 'stoch:14:3:sma:3:sma', talib: 'STOCH', compare: 'stoch_slowk' },
];

/** Indicators that take high/low/close rather than the close alone. */
export const NEEDS_HLC = new Set(['atr', 'stoch']);
