//! Risk arithmetic tests; expected values worked out by hand in the comments.

use super::*;
use crate::backtest::fixture_bars;

fn close_to(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        assert!(close_to(a, b), "{} = {a}, expected {b}", stringify!($a));
    }};
}

#[test]
fn risk_sizing_with_percent_fee_and_cap() {
    // per-unit risk 5 + 0.001 · (100 + 95) = 5.195; 1 % of 10 000 = 100 -> 100 / 5.195
    let limits = SizingLimits { max_exposure: 1.0, fee: FeeModel::Percent(0.1) };
    assert_close!(position_size(10_000.0, 1.0, 100.0, 95.0, Side::Long, limits).unwrap(), 100.0 / 5.195);
    // a 0.01 stop would allow 100 / (0.01 + 0.19999) ≈ 476 units; the cap is 10 000 / (100 · 1.001)
    assert_close!(position_size(10_000.0, 1.0, 100.0, 99.99, Side::Long, limits).unwrap(), 10_000.0 / 100.1);
    // half exposure, fixed fee 10: (5 000 − 10) / 100
    let half = SizingLimits { max_exposure: 0.5, fee: FeeModel::Fixed(10.0) };
    assert_close!(position_size(10_000.0, 100.0, 100.0, 50.0, Side::Long, half).unwrap(), 49.9);
    // typed errors, no panics
    for bad in [
        position_size(0.0, 1.0, 100.0, 95.0, Side::Long, limits),
        position_size(1.0, 0.0, 100.0, 95.0, Side::Long, limits),
        position_size(1.0, 1.0, f64::NAN, 95.0, Side::Long, limits),
        position_size(1.0, 1.0, 100.0, 105.0, Side::Long, limits),
        position_size(1.0, 1.0, 100.0, 95.0, Side::Short, limits),
        position_size(1.0, 1.0, 100.0, 95.0, Side::Long, SizingLimits { max_exposure: 0.0, ..limits }),
    ] {
        assert!(bad.is_err());
    }
    assert_close!(take_profit_price(50.0, 48.0, 3.0).unwrap(), 56.0);
    assert!(take_profit_price(50.0, 50.0, 3.0).is_err());
    assert_close!(FeeModel::Percent(0.2).fee(3.0, 50.0), 0.3);
    // a short closes by buying: slippage raises the price
    assert_close!(Slippage::Percent(0.5).apply(200.0, Side::Short, false), 201.0);
    assert_close!(Slippage::Percent(0.5).apply(200.0, Side::Short, true), 199.0);
}

#[test]
fn chandelier_stop_streams_like_brute_force() {
    let b = fixture_bars();
    let (period, k) = (22, 3.0);
    let mut ch = ChandelierStop::new(period, k).unwrap();
    let high: Vec<f64> = b.iter().map(|x| x.high).collect();
    let low: Vec<f64> = b.iter().map(|x| x.low).collect();
    let close: Vec<f64> = b.iter().map(|x| x.close).collect();
    let atr = crate::indicators::Atr::batch(&high, &low, &close, period).unwrap();
    for (i, bar) in b.iter().enumerate() {
        let peeked = ch.peek(bar);
        let (long, short) = ch.update(bar);
        assert_eq!(peeked.0.to_bits(), long.to_bits());
        let start = (i + 1).saturating_sub(period);
        let hh = high[start..=i].iter().cloned().fold(f64::MIN, f64::max);
        let ll = low[start..=i].iter().cloned().fold(f64::MAX, f64::min);
        if atr[i].is_nan() {
            assert!(long.is_nan() && short.is_nan());
        } else {
            assert_close!(long, hh - k * atr[i]);
            assert_close!(short, ll + k * atr[i]);
        }
    }
}
