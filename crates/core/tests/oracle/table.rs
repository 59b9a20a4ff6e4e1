//! One entry per registry function: how to call the `ta-lib` crate (0.8.3) with the
//! parameters of a spec. Parameters are read by position in the registry's `ParamDef`
//! list (so a registry whose order differs from TA-Lib's fails here); input columns are
//! named explicitly after the crate's own argument names (`inHigh` -> high, ...), and
//! `inReal`/`inReal0`/`inReal1` follow TA-Lib's abstract-API defaults (close; high and
//! low), so a registry whose `inputs` differ from TA-Lib's fails here too.

use ta_lib::{Core, MAType, OutRange, RetCode};

/// The crate's outputs, each spread to full length (NaN before `beg_idx` and after
/// `beg_idx + count`), integer outputs as f64.
pub type Outcome = Result<Vec<Vec<f64>>, RetCode>;
pub type Oracle = fn(&Call) -> Outcome;
type Res = Result<OutRange, RetCode>;

/// Everything one crate call needs. The series is never empty here.
pub struct Call<'a> {
    pub core: &'a Core,
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
    pub periods: &'a [f64],
    pub params: &'a [f64],
    /// Index of the last bar (the crate's `endIdx`).
    pub last: usize,
    /// Spread the outputs to full length (the comparisons need it); false keeps the
    /// crate's own output buffers as a caller would (crates/core/benches/sweep.rs times
    /// the crate that way).
    pub spread: bool,
}

impl Call<'_> {
    fn int(&self, k: usize) -> i32 {
        self.params[k] as i32
    }

    fn real(&self, k: usize) -> f64 {
        self.params[k]
    }

    fn ma(&self, k: usize) -> MAType {
        MAType::try_from(self.params[k] as i32).expect("registry MA codes are TA-Lib MA codes")
    }

    fn len(&self) -> usize {
        self.last + 1
    }

    fn spread(&self, range: OutRange, raw: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
        if !self.spread {
            return raw;
        }
        raw.into_iter()
            .map(|values| {
                let mut full = vec![f64::NAN; self.len()];
                for (i, v) in values.into_iter().take(range.count).enumerate() {
                    full[range.beg_idx + i] = v;
                }
                full
            })
            .collect()
    }

    fn r1(&self, f: impl FnOnce(&mut [f64]) -> Res) -> Outcome {
        let mut a = vec![0.0; self.len()];
        let range = f(&mut a)?;
        Ok(self.spread(range, vec![a]))
    }

    fn r2(&self, f: impl FnOnce(&mut [f64], &mut [f64]) -> Res) -> Outcome {
        let (mut a, mut b) = (vec![0.0; self.len()], vec![0.0; self.len()]);
        let range = f(&mut a, &mut b)?;
        Ok(self.spread(range, vec![a, b]))
    }

    fn r3(&self, f: impl FnOnce(&mut [f64], &mut [f64], &mut [f64]) -> Res) -> Outcome {
        let (mut a, mut b, mut c) = (vec![0.0; self.len()], vec![0.0; self.len()], vec![0.0; self.len()]);
        let range = f(&mut a, &mut b, &mut c)?;
        Ok(self.spread(range, vec![a, b, c]))
    }

    fn r4(&self, f: impl FnOnce(&mut [f64], &mut [f64], &mut [f64], &mut [f64]) -> Res) -> Outcome {
        let mut bufs = vec![vec![0.0; self.len()]; 4];
        let [a, b, c, d] = &mut bufs[..] else { unreachable!() };
        let range = f(a, b, c, d)?;
        Ok(self.spread(range, bufs))
    }

    fn i1(&self, f: impl FnOnce(&mut [i32]) -> Res) -> Outcome {
        let mut a = vec![0; self.len()];
        let range = f(&mut a)?;
        Ok(self.spread(range, vec![to_f64(a)]))
    }

    fn i2(&self, f: impl FnOnce(&mut [i32], &mut [i32]) -> Res) -> Outcome {
        let (mut a, mut b) = (vec![0; self.len()], vec![0; self.len()]);
        let range = f(&mut a, &mut b)?;
        Ok(self.spread(range, vec![to_f64(a), to_f64(b)]))
    }

    /// One real output then one integer output (SUPERTREND).
    fn ri(&self, f: impl FnOnce(&mut [f64], &mut [i32]) -> Res) -> Outcome {
        let (mut a, mut b) = (vec![0.0; self.len()], vec![0; self.len()]);
        let range = f(&mut a, &mut b)?;
        Ok(self.spread(range, vec![a, to_f64(b)]))
    }
}

fn to_f64(values: Vec<i32>) -> Vec<f64> {
    values.into_iter().map(f64::from).collect()
}

/// Registry name -> crate call, alphabetical.
pub const TABLE: &[(&str, Oracle)] = &[
    ("ac", |c| c.r1(|o| c.core.ac(0, c.last, c.high, c.low, c.int(0), c.int(1), c.int(2), o))),
    ("accbands", |c| c.r3(|u, m, l| c.core.accbands(0, c.last, c.high, c.low, c.close, c.int(0), u, m, l))),
    ("acos", |c| c.r1(|o| c.core.acos(0, c.last, c.close, o))),
    ("ad", |c| c.r1(|o| c.core.ad(0, c.last, c.high, c.low, c.close, c.volume, o))),
    ("add", |c| c.r1(|o| c.core.add(0, c.last, c.high, c.low, o))),
    ("adosc", |c| c.r1(|o| c.core.adosc(0, c.last, c.high, c.low, c.close, c.volume, c.int(0), c.int(1), o))),
    ("adr", |c| c.r1(|o| c.core.adr(0, c.last, c.high, c.low, c.int(0), o))),
    ("adx", |c| c.r1(|o| c.core.adx(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("adxr", |c| c.r1(|o| c.core.adxr(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("ao", |c| c.r1(|o| c.core.ao(0, c.last, c.high, c.low, c.int(0), c.int(1), o))),
    ("apo", |c| c.r1(|o| c.core.apo(0, c.last, c.close, c.int(0), c.int(1), c.ma(2), o))),
    ("aroon", |c| c.r2(|down, up| c.core.aroon(0, c.last, c.high, c.low, c.int(0), down, up))),
    ("aroonosc", |c| c.r1(|o| c.core.aroonosc(0, c.last, c.high, c.low, c.int(0), o))),
    ("asin", |c| c.r1(|o| c.core.asin(0, c.last, c.close, o))),
    ("atan", |c| c.r1(|o| c.core.atan(0, c.last, c.close, o))),
    ("atr", |c| c.r1(|o| c.core.atr(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("avgdev", |c| c.r1(|o| c.core.avgdev(0, c.last, c.close, c.int(0), o))),
    ("avgprice", |c| c.r1(|o| c.core.avgprice(0, c.last, c.open, c.high, c.low, c.close, o))),
    ("bbands", |c| c.r3(|u, m, l| c.core.bbands(0, c.last, c.close, c.int(0), c.real(1), c.real(2), c.ma(3), u, m, l))),
    ("beta", |c| c.r1(|o| c.core.beta(0, c.last, c.high, c.low, c.int(0), o))),
    ("bop", |c| c.r1(|o| c.core.bop(0, c.last, c.open, c.high, c.low, c.close, o))),
    ("cci", |c| c.r1(|o| c.core.cci(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("ceil", |c| c.r1(|o| c.core.ceil(0, c.last, c.close, o))),
    ("cmf", |c| c.r1(|o| c.core.cmf(0, c.last, c.high, c.low, c.close, c.volume, c.int(0), o))),
    ("cmo", |c| c.r1(|o| c.core.cmo(0, c.last, c.close, c.int(0), o))),
    ("cmou", |c| c.r1(|o| c.core.cmou(0, c.last, c.close, c.int(0), o))),
    ("coppock", |c| c.r1(|o| c.core.coppock(0, c.last, c.close, c.int(0), c.int(1), c.int(2), o))),
    ("correl", |c| c.r1(|o| c.core.correl(0, c.last, c.high, c.low, c.int(0), o))),
    ("cos", |c| c.r1(|o| c.core.cos(0, c.last, c.close, o))),
    ("cosh", |c| c.r1(|o| c.core.cosh(0, c.last, c.close, o))),
    ("cumsum", |c| c.r1(|o| c.core.cumsum(0, c.last, c.close, o))),
    ("cvi", |c| c.r1(|o| c.core.cvi(0, c.last, c.high, c.low, c.int(0), c.int(1), o))),
    ("dema", |c| c.r1(|o| c.core.dema(0, c.last, c.close, c.int(0), o))),
    ("div", |c| c.r1(|o| c.core.div(0, c.last, c.high, c.low, o))),
    ("donchian", |c| c.r3(|u, m, l| c.core.donchian(0, c.last, c.high, c.low, c.int(0), u, m, l))),
    ("dpo", |c| c.r1(|o| c.core.dpo(0, c.last, c.close, c.int(0), o))),
    ("dx", |c| c.r1(|o| c.core.dx(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("efi", |c| c.r1(|o| c.core.efi(0, c.last, c.close, c.volume, c.int(0), o))),
    ("ema", |c| c.r1(|o| c.core.ema(0, c.last, c.close, c.int(0), o))),
    ("er", |c| c.r1(|o| c.core.er(0, c.last, c.close, c.int(0), o))),
    ("eri", |c| c.r2(|bull, bear| c.core.eri(0, c.last, c.high, c.low, c.close, c.int(0), bull, bear))),
    ("exp", |c| c.r1(|o| c.core.exp(0, c.last, c.close, o))),
    ("floor", |c| c.r1(|o| c.core.floor(0, c.last, c.close, o))),
    ("fosc", |c| c.r1(|o| c.core.fosc(0, c.last, c.close, c.int(0), o))),
    ("fractal", |c| c.i2(|high, low| c.core.fractal(0, c.last, c.high, c.low, c.int(0), c.int(1), high, low))),
    ("ha", |c| c.r4(|o, h, l, cl| c.core.ha(0, c.last, c.open, c.high, c.low, c.close, o, h, l, cl))),
    ("hma", |c| c.r1(|o| c.core.hma(0, c.last, c.close, c.int(0), o))),
    ("ht_dcperiod", |c| c.r1(|o| c.core.ht_dcperiod(0, c.last, c.close, o))),
    ("ht_dcphase", |c| c.r1(|o| c.core.ht_dcphase(0, c.last, c.close, o))),
    ("ht_phasor", |c| c.r2(|inphase, quadrature| c.core.ht_phasor(0, c.last, c.close, inphase, quadrature))),
    ("ht_sine", |c| c.r2(|sine, lead| c.core.ht_sine(0, c.last, c.close, sine, lead))),
    ("ht_trendline", |c| c.r1(|o| c.core.ht_trendline(0, c.last, c.close, o))),
    ("ht_trendmode", |c| c.i1(|o| c.core.ht_trendmode(0, c.last, c.close, o))),
    ("imi", |c| c.r1(|o| c.core.imi(0, c.last, c.open, c.close, c.int(0), o))),
    ("kama", |c| c.r1(|o| c.core.kama(0, c.last, c.close, c.int(0), o))),
    ("kc", |c| c.r3(|u, m, l| c.core.kc(0, c.last, c.high, c.low, c.close, c.int(0), c.int(1), c.real(2), u, m, l))),
    ("kdj", |c| c.r3(|k, d, j| c.core.kdj(0, c.last, c.high, c.low, c.close, c.int(0), c.int(1), c.ma(2), c.int(3), c.ma(4), k, d, j))),
    ("linearreg", |c| c.r1(|o| c.core.linearreg(0, c.last, c.close, c.int(0), o))),
    ("linearreg_angle", |c| c.r1(|o| c.core.linearreg_angle(0, c.last, c.close, c.int(0), o))),
    ("linearreg_intercept", |c| c.r1(|o| c.core.linearreg_intercept(0, c.last, c.close, c.int(0), o))),
    ("linearreg_slope", |c| c.r1(|o| c.core.linearreg_slope(0, c.last, c.close, c.int(0), o))),
    ("ln", |c| c.r1(|o| c.core.ln(0, c.last, c.close, o))),
    ("log10", |c| c.r1(|o| c.core.log10(0, c.last, c.close, o))),
    ("ma", |c| c.r1(|o| c.core.ma(0, c.last, c.close, c.int(0), c.ma(1), o))),
    ("macd", |c| c.r3(|m, s, h| c.core.macd(0, c.last, c.close, c.int(0), c.int(1), c.int(2), m, s, h))),
    ("macdext", |c| c.r3(|m, s, h| c.core.macdext(0, c.last, c.close, c.int(0), c.ma(1), c.int(2), c.ma(3), c.int(4), c.ma(5), m, s, h))),
    ("macdfix", |c| c.r3(|m, s, h| c.core.macdfix(0, c.last, c.close, c.int(0), m, s, h))),
    ("mama", |c| c.r2(|mama, fama| c.core.mama(0, c.last, c.close, c.real(0), c.real(1), mama, fama))),
    ("marketfi", |c| c.r1(|o| c.core.marketfi(0, c.last, c.high, c.low, c.volume, o))),
    ("massi", |c| c.r1(|o| c.core.massi(0, c.last, c.high, c.low, c.int(0), c.int(1), o))),
    ("max", |c| c.r1(|o| c.core.max(0, c.last, c.close, c.int(0), o))),
    ("maxindex", |c| c.i1(|o| c.core.maxindex(0, c.last, c.close, c.int(0), o))),
    ("mavp", |c| c.r1(|o| c.core.mavp(0, c.last, c.close, c.periods, c.int(0), c.int(1), c.ma(2), o))),
    ("medprice", |c| c.r1(|o| c.core.medprice(0, c.last, c.high, c.low, o))),
    ("mfi", |c| c.r1(|o| c.core.mfi(0, c.last, c.high, c.low, c.close, c.volume, c.int(0), o))),
    ("midpoint", |c| c.r1(|o| c.core.midpoint(0, c.last, c.close, c.int(0), o))),
    ("midprice", |c| c.r1(|o| c.core.midprice(0, c.last, c.high, c.low, c.int(0), o))),
    ("min", |c| c.r1(|o| c.core.min(0, c.last, c.close, c.int(0), o))),
    ("minindex", |c| c.i1(|o| c.core.minindex(0, c.last, c.close, c.int(0), o))),
    ("minmax", |c| c.r2(|min, max| c.core.minmax(0, c.last, c.close, c.int(0), min, max))),
    ("minmaxindex", |c| c.i2(|min, max| c.core.minmaxindex(0, c.last, c.close, c.int(0), min, max))),
    ("minus_di", |c| c.r1(|o| c.core.minus_di(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("minus_dm", |c| c.r1(|o| c.core.minus_dm(0, c.last, c.high, c.low, c.int(0), o))),
    ("mom", |c| c.r1(|o| c.core.mom(0, c.last, c.close, c.int(0), o))),
    ("mult", |c| c.r1(|o| c.core.mult(0, c.last, c.high, c.low, o))),
    ("natr", |c| c.r1(|o| c.core.natr(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("nvi", |c| c.r1(|o| c.core.nvi(0, c.last, c.close, c.volume, o))),
    ("obv", |c| c.r1(|o| c.core.obv(0, c.last, c.close, c.volume, o))),
    ("percentile", |c| c.r1(|o| c.core.percentile(0, c.last, c.close, c.int(0), c.real(1), o))),
    ("percentrank", |c| c.r1(|o| c.core.percentrank(0, c.last, c.close, c.int(0), o))),
    ("plus_di", |c| c.r1(|o| c.core.plus_di(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("plus_dm", |c| c.r1(|o| c.core.plus_dm(0, c.last, c.high, c.low, c.int(0), o))),
    ("ppo", |c| c.r1(|o| c.core.ppo(0, c.last, c.close, c.int(0), c.int(1), c.ma(2), o))),
    ("pvi", |c| c.r1(|o| c.core.pvi(0, c.last, c.close, c.volume, o))),
    ("pvo", |c| c.r1(|o| c.core.pvo(0, c.last, c.volume, c.int(0), c.int(1), c.ma(2), o))),
    ("pvt", |c| c.r1(|o| c.core.pvt(0, c.last, c.close, c.volume, o))),
    ("qstick", |c| c.r1(|o| c.core.qstick(0, c.last, c.open, c.close, c.int(0), o))),
    ("rma", |c| c.r1(|o| c.core.rma(0, c.last, c.close, c.int(0), o))),
    ("roc", |c| c.r1(|o| c.core.roc(0, c.last, c.close, c.int(0), o))),
    ("rocp", |c| c.r1(|o| c.core.rocp(0, c.last, c.close, c.int(0), o))),
    ("rocr", |c| c.r1(|o| c.core.rocr(0, c.last, c.close, c.int(0), o))),
    ("rocr100", |c| c.r1(|o| c.core.rocr100(0, c.last, c.close, c.int(0), o))),
    ("rsi", |c| c.r1(|o| c.core.rsi(0, c.last, c.close, c.int(0), o))),
    ("rvi", |c| c.r1(|o| c.core.rvi(0, c.last, c.close, c.int(0), c.int(1), o))),
    ("rvol", |c| c.r1(|o| c.core.rvol(0, c.last, c.volume, c.int(0), o))),
    ("sar", |c| c.r1(|o| c.core.sar(0, c.last, c.high, c.low, c.real(0), c.real(1), o))),
    ("sarext", |c| {
        let p = |k| c.real(k);
        c.r1(|o| c.core.sarext(0, c.last, c.high, c.low, p(0), p(1), p(2), p(3), p(4), p(5), p(6), p(7), o))
    }),
    ("sin", |c| c.r1(|o| c.core.sin(0, c.last, c.close, o))),
    ("sinh", |c| c.r1(|o| c.core.sinh(0, c.last, c.close, o))),
    ("sma", |c| c.r1(|o| c.core.sma(0, c.last, c.close, c.int(0), o))),
    ("smi", |c| c.r2(|smi, signal| c.core.smi(0, c.last, c.high, c.low, c.close, c.int(0), c.int(1), c.int(2), c.int(3), smi, signal))),
    ("sqrt", |c| c.r1(|o| c.core.sqrt(0, c.last, c.close, o))),
    ("stddev", |c| c.r1(|o| c.core.stddev(0, c.last, c.close, c.int(0), c.real(1), o))),
    ("stoch", |c| c.r2(|k, d| c.core.stoch(0, c.last, c.high, c.low, c.close, c.int(0), c.int(1), c.ma(2), c.int(3), c.ma(4), k, d))),
    ("stochf", |c| c.r2(|k, d| c.core.stochf(0, c.last, c.high, c.low, c.close, c.int(0), c.int(1), c.ma(2), k, d))),
    ("stochrsi", |c| c.r2(|k, d| c.core.stochrsi(0, c.last, c.close, c.int(0), c.int(1), c.int(2), c.ma(3), k, d))),
    ("sub", |c| c.r1(|o| c.core.sub(0, c.last, c.high, c.low, o))),
    ("sum", |c| c.r1(|o| c.core.sum(0, c.last, c.close, c.int(0), o))),
    ("supertrend", |c| c.ri(|line, trend| c.core.supertrend(0, c.last, c.high, c.low, c.close, c.int(0), c.real(1), line, trend))),
    ("t3", |c| c.r1(|o| c.core.t3(0, c.last, c.close, c.int(0), c.real(1), o))),
    ("tan", |c| c.r1(|o| c.core.tan(0, c.last, c.close, o))),
    ("tanh", |c| c.r1(|o| c.core.tanh(0, c.last, c.close, o))),
    ("tema", |c| c.r1(|o| c.core.tema(0, c.last, c.close, c.int(0), o))),
    ("trange", |c| c.r1(|o| c.core.trange(0, c.last, c.high, c.low, c.close, o))),
    ("trima", |c| c.r1(|o| c.core.trima(0, c.last, c.close, c.int(0), o))),
    ("trix", |c| c.r1(|o| c.core.trix(0, c.last, c.close, c.int(0), o))),
    ("tsf", |c| c.r1(|o| c.core.tsf(0, c.last, c.close, c.int(0), o))),
    ("tsi", |c| c.r1(|o| c.core.tsi(0, c.last, c.close, c.int(0), c.int(1), o))),
    ("typprice", |c| c.r1(|o| c.core.typprice(0, c.last, c.high, c.low, c.close, o))),
    ("ultosc", |c| c.r1(|o| c.core.ultosc(0, c.last, c.high, c.low, c.close, c.int(0), c.int(1), c.int(2), o))),
    ("var", |c| c.r1(|o| c.core.var(0, c.last, c.close, c.int(0), c.real(1), o))),
    ("vhf", |c| c.r1(|o| c.core.vhf(0, c.last, c.close, c.int(0), o))),
    ("vortex", |c| c.r2(|plus, minus| c.core.vortex(0, c.last, c.high, c.low, c.close, c.int(0), plus, minus))),
    ("vwap", |c| c.r1(|o| c.core.vwap(0, c.last, c.high, c.low, c.close, c.volume, o))),
    ("vwma", |c| c.r1(|o| c.core.vwma(0, c.last, c.close, c.volume, c.int(0), o))),
    ("wad", |c| c.r1(|o| c.core.wad(0, c.last, c.high, c.low, c.close, o))),
    ("wclprice", |c| c.r1(|o| c.core.wclprice(0, c.last, c.high, c.low, c.close, o))),
    ("willr", |c| c.r1(|o| c.core.willr(0, c.last, c.high, c.low, c.close, c.int(0), o))),
    ("wma", |c| c.r1(|o| c.core.wma(0, c.last, c.close, c.int(0), o))),
    ("zlema", |c| c.r1(|o| c.core.zlema(0, c.last, c.close, c.int(0), o))),
];
