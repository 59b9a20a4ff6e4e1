//! A composite 0–100 bullish/bearish score from weighted components, with its
//! explanation.
//!
//! Each component reads one indicator and gives a value in [−1, 1] (+1 fully bullish):
//!
//! | component | reads | value | default weight |
//! | --- | --- | --- | --- |
//! | `trend` | close vs EMA(200) | +1 above, −1 below, 0 equal | 0.25 |
//! | `ema_cross` | EMA(12) vs EMA(26) | +1 fast above slow, −1 below | 0.20 |
//! | `macd` | MACD(12, 26, 9) histogram | +1 positive, −1 negative | 0.20 |
//! | `rsi` | RSI(14) | (RSI − 50) / 20 clamped: ≥ 70 is +1, ≤ 30 is −1 (a momentum reading, not mean reversion) | 0.20 |
//! | `bands` | Bollinger(20, 2) in Keltner(20, 10, 1.5) | 0 while squeezed (no direction yet); otherwise (close − middle) / (upper − middle) clamped | 0.15 |
//!
//! score = 50 + 50 · Σ wᵢ·vᵢ / Σ |wᵢ| over the components that have a value (warmed
//! up); a component's contribution in points is 50 · wᵢ·vᵢ / Σ |wᵢ|, so the
//! contributions add up to score − 50. Above 50 is bullish, below bearish. Weights are
//! the user's to change (0 drops a component); a negative weight reads it contrarian.
//!
//! ```
//! use sigil_core::signals::{Score, ScoreConfig};
//! use sigil_core::Bar;
//! let mut score = Score::new(ScoreConfig::default()).unwrap();
//! let mut report = None;
//! for i in 0..300 {
//!     let p = 100.0 * 1.01f64.powi(i as i32); // a steady 1 % rise per bar
//!     report = Some(score.update(&Bar::new(i as i64, p * 0.995, p * 1.01, p * 0.99, p, 1.0)));
//! }
//! let report = report.unwrap();
//! assert!(report.score.unwrap() > 80.0);
//! println!("{}", report.explain());
//! ```

use super::Direction;
use crate::backtest::json_object;
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::{Bbands, Ema, Keltner, Macd, Rsi};
use crate::risk::check;
use crate::Decimal;

/// Component weights (see the module doc for what each reads).
///
/// ```
/// use sigil_core::signals::ScoreConfig;
/// let trend_only = ScoreConfig { ema_cross: 0.0, macd: 0.0, rsi: 0.0, bands: 0.0, ..ScoreConfig::default() };
/// assert!(trend_only.validate().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreConfig {
    pub trend: f64,
    pub ema_cross: f64,
    pub macd: f64,
    pub rsi: f64,
    pub bands: f64,
}

impl Default for ScoreConfig {
    fn default() -> ScoreConfig {
        ScoreConfig { trend: 0.25, ema_cross: 0.20, macd: 0.20, rsi: 0.20, bands: 0.15 }
    }
}

impl ScoreConfig {
    fn weights(&self) -> [(&'static str, f64); 5] {
        [("trend", self.trend), ("ema_cross", self.ema_cross), ("macd", self.macd), ("rsi", self.rsi), ("bands", self.bands)]
    }

    pub fn validate(&self) -> Result<(), Error> {
        for (name, w) in self.weights() {
            check("score", name, w, w.abs() <= 1e6, "a finite weight")?;
        }
        let total: f64 = self.weights().iter().map(|(_, w)| w.abs()).sum();
        check("score", "weights", total, total > 0.0, "at least one non-zero weight")
    }
}

/// One component's part in a score.
///
/// ```
/// use sigil_core::signals::Component;
/// let c = Component { name: "rsi", reading: "RSI(14) = 60.00".into(), weight: 0.2, value: Some(0.5), points: 5.0 };
/// assert!(c.to_json().contains("\"points\":5"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub name: &'static str,
    /// The indicator reading behind the value, for people.
    pub reading: String,
    pub weight: f64,
    /// In [−1, 1]; `None` while the indicator warms up (the component is left out).
    pub value: Option<f64>,
    /// Points added to (or taken from) 50.
    pub points: f64,
}

impl Component {
    pub fn to_json(&self) -> String {
        json_object()
            .str("name", self.name)
            .str("reading", &self.reading)
            .num("weight", self.weight)
            .opt("value", self.value)
            .num("points", self.points)
            .finish()
    }
}

/// The score at one bar and how it was made.
///
/// ```
/// use sigil_core::signals::{Score, ScoreConfig};
/// use sigil_core::Bar;
/// let report = Score::new(ScoreConfig::default()).unwrap().update(&Bar::from_price(100.0));
/// assert_eq!(report.score, None); // nothing warmed up after one bar
/// assert_eq!(report.components.len(), 5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreReport {
    pub time: i64,
    /// 0–100, `None` until some component has a value.
    pub score: Option<f64>,
    pub components: Vec<Component>,
}

impl ScoreReport {
    /// Bullish above 50, bearish below, `None` at exactly 50 or without a score.
    pub fn direction(&self) -> Option<Direction> {
        match self.score {
            Some(s) if s > 50.0 => Some(Direction::Bullish),
            Some(s) if s < 50.0 => Some(Direction::Bearish),
            _ => None,
        }
    }

    /// One line per component, then the total.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        for c in &self.components {
            let value = c.value.map_or("  n/a".to_string(), |v| format!("{:+.2}", Decimal(v)));
            out.push_str(&format!(
                "{:<10} {:<40} value {value} × weight {:.2} = {:+.1} points\n",
                c.name,
                c.reading,
                Decimal(c.weight),
                Decimal(c.points)
            ));
        }
        match self.score {
            Some(s) => out.push_str(&format!("score {:.1} / 100 (50 = neutral)", Decimal(s))),
            None => out.push_str("score n/a (indicators warming up)"),
        }
        out
    }

    pub fn to_json(&self) -> String {
        json_object()
            .int("time", self.time)
            .opt("score", self.score)
            .raw("components", &crate::backtest::json_array(self.components.iter().map(Component::to_json)))
            .finish()
    }
}

/// The streaming composite score (see the module doc): `update` per bar, `peek` for a
/// forming bar, `reset`, and `batch` for the score column.
///
/// ```
/// use sigil_core::signals::{Score, ScoreConfig};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = (0..60).map(|i| Bar { time: i, ..Bar::from_price(100.0 - i as f64) }).collect();
/// let scores = Score::batch(&bars, ScoreConfig::default()).unwrap();
/// assert!(scores[59] < 50.0); // a steady fall is bearish
/// ```
#[derive(Debug, Clone)]
pub struct Score {
    config: ScoreConfig,
    ema_long: Ema,
    ema_fast: Ema,
    ema_slow: Ema,
    macd: Macd,
    rsi: Rsi,
    bbands: Bbands,
    keltner: Keltner,
}

impl Score {
    pub fn new(config: ScoreConfig) -> Result<Score, Error> {
        config.validate()?;
        Ok(Score {
            config,
            ema_long: Ema::new(200)?,
            ema_fast: Ema::new(12)?,
            ema_slow: Ema::new(26)?,
            macd: Macd::new(12, 26, 9)?,
            rsi: Rsi::new(14)?,
            bbands: Bbands::new(20, 2.0, 2.0, 0)?,
            keltner: Keltner::new(20, 10, 1.5)?,
        })
    }

    pub fn update(&mut self, bar: &Bar) -> ScoreReport {
        let c = bar.close;
        let readings = Readings {
            ema_long: self.ema_long.update(c),
            ema_fast: self.ema_fast.update(c),
            ema_slow: self.ema_slow.update(c),
            hist: self.macd.update(c).hist,
            rsi: self.rsi.update(c),
            bands: self.bbands.update(c),
            channel: self.keltner.update(bar.high, bar.low, c),
        };
        self.report(bar, readings)
    }

    pub fn peek(&self, bar: &Bar) -> ScoreReport {
        let c = bar.close;
        let readings = Readings {
            ema_long: self.ema_long.peek(c),
            ema_fast: self.ema_fast.peek(c),
            ema_slow: self.ema_slow.peek(c),
            hist: self.macd.peek(c).hist,
            rsi: self.rsi.peek(c),
            bands: self.bbands.peek(c),
            channel: self.keltner.peek(bar.high, bar.low, c),
        };
        self.report(bar, readings)
    }

    pub fn reset(&mut self) {
        self.ema_long.reset();
        self.ema_fast.reset();
        self.ema_slow.reset();
        self.macd.reset();
        self.rsi.reset();
        self.bbands.reset();
        self.keltner.reset();
    }

    /// The score at every bar (NaN while no component has a value).
    pub fn batch(bars: &[Bar], config: ScoreConfig) -> Result<Vec<f64>, Error> {
        let mut s = Score::new(config)?;
        Ok(bars.iter().map(|b| s.update(b).score.unwrap_or(f64::NAN)).collect())
    }

    fn report(&self, bar: &Bar, r: Readings) -> ScoreReport {
        let c = bar.close;
        let sign = |x: f64| {
            if x.is_nan() {
                None
            } else {
                Some(if x > 0.0 {
                    1.0
                } else if x < 0.0 {
                    -1.0
                } else {
                    0.0
                })
            }
        };
        let (bb_up, bb_mid, bb_low) = r.bands;
        let [kc_up, _, kc_low] = r.channel;
        let squeezed = bb_up < kc_up && bb_low > kc_low;
        let bands_value = if [bb_up, bb_mid, kc_up, kc_low].iter().any(|v| v.is_nan()) {
            None
        } else if squeezed {
            Some(0.0)
        } else if bb_up > bb_mid {
            Some(((c - bb_mid) / (bb_up - bb_mid)).clamp(-1.0, 1.0))
        } else {
            sign(c - bb_mid)
        };
        let raw = [
            (
                format!("close {:.2} vs EMA(200) {:.2}", Decimal(c), Decimal(r.ema_long)),
                sign(c - r.ema_long).filter(|_| !r.ema_long.is_nan()),
            ),
            (format!("EMA(12) {:.2} vs EMA(26) {:.2}", Decimal(r.ema_fast), Decimal(r.ema_slow)), sign(r.ema_fast - r.ema_slow)),
            (format!("MACD histogram {:.4}", Decimal(r.hist)), sign(r.hist)),
            (format!("RSI(14) {:.2}", Decimal(r.rsi)), if r.rsi.is_nan() { None } else { Some(((r.rsi - 50.0) / 20.0).clamp(-1.0, 1.0)) }),
            (format!("{} close vs BB middle {:.2}", if squeezed { "squeeze on;" } else { "no squeeze;" }, Decimal(bb_mid)), bands_value),
        ];
        let weights = self.config.weights();
        let total: f64 = weights.iter().zip(&raw).filter(|(w, (_, v))| v.is_some() && w.1 != 0.0).map(|(w, _)| w.1.abs()).sum();
        let components: Vec<Component> = weights
            .iter()
            .zip(raw)
            .map(|(&(name, weight), (reading, value))| {
                let points = match value {
                    Some(v) if total > 0.0 => 50.0 * weight * v / total,
                    _ => 0.0,
                };
                Component { name, reading, weight, value, points }
            })
            .collect();
        let score = (total > 0.0).then(|| 50.0 + components.iter().map(|c| c.points).sum::<f64>());
        ScoreReport { time: bar.time, score, components }
    }
}

struct Readings {
    ema_long: f64,
    ema_fast: f64,
    ema_slow: f64,
    hist: f64,
    rsi: f64,
    bands: (f64, f64, f64),
    channel: [f64; 3],
}
