//! Any byte string given to the rule parser, and any rule it accepts run over a few
//! bars with update, peek, batch and reset, must give a value or a RuleError: never a
//! panic, a stack overflow or a hang.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sigil_core::rules::Rule;
use sigil_core::Bar;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    match Rule::parse(source) {
        Ok(mut rule) => {
            let bars: Vec<Bar> = (0..64)
                .map(|i| {
                    let close = 100.0 + (i as f64 * 0.7).sin() * 5.0;
                    Bar { time: i * 60_000, open: close - 0.5, high: close + 1.0, low: close - 1.0, close, volume: 1000.0 + i as f64, periods: f64::NAN }
                })
                .collect();
            let _ = rule.peek(&bars[0]);
            let _ = rule.batch(&bars);
            let _ = rule.peek(&bars[1]);
            rule.reset();
            for bar in &bars[..8] {
                let _ = rule.update(bar);
            }
        }
        Err(err) => {
            let _ = err.to_string();
        }
    }
});
