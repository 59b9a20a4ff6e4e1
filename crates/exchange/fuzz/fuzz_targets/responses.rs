//! Every adapter's response parsers and the WebSocket candle parsers on arbitrary
//! bytes: `[selector, status_hi, status_lo, body...]` (see `sigil_exchange::fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sigil_exchange::fuzzing::parse_everything(data);
});
