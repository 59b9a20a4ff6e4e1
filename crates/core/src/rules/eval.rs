//! The compiled form of a rule: a flat list of nodes in evaluation order, each
//! writing its value(s) into a slot array that later nodes read by index. Conditions
//! live in the same `f64` slots as numbers: 1 true, 0 false, NaN unknown (warm-up).

use std::collections::VecDeque;

use crate::bar::{Bar, Input};
use crate::registry::Streaming;

pub(crate) const TRUE: f64 = 1.0;
pub(crate) const FALSE: f64 = 0.0;
pub(crate) const UNKNOWN: f64 = f64::NAN;

fn truth(condition: bool) -> f64 {
    if condition {
        TRUE
    } else {
        FALSE
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Open,
    High,
    Low,
    Close,
    Volume,
    Hl2,
    Hlc3,
    Ohlc4,
}

impl Field {
    pub(crate) const ALL: [(&'static str, Field); 8] = [
        ("open", Field::Open),
        ("high", Field::High),
        ("low", Field::Low),
        ("close", Field::Close),
        ("volume", Field::Volume),
        ("hl2", Field::Hl2),
        ("hlc3", Field::Hlc3),
        ("ohlc4", Field::Ohlc4),
    ];

    pub(crate) fn find(name: &str) -> Option<Field> {
        Field::ALL.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, f)| f)
    }

    fn value(self, bar: &Bar) -> f64 {
        match self {
            Field::Open => bar.open,
            Field::High => bar.high,
            Field::Low => bar.low,
            Field::Close => bar.close,
            Field::Volume => bar.volume,
            Field::Hl2 => (bar.high + bar.low) / 2.0,
            Field::Hlc3 => (bar.high + bar.low + bar.close) / 3.0,
            Field::Ohlc4 => (bar.open + bar.high + bar.low + bar.close) / 4.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compare {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// A registry indicator instance and where its input comes from.
pub(crate) struct IndicatorNode {
    pub inner: Box<dyn Streaming>,
    /// For single-input indicators: the column the instance reads and the slot whose
    /// value is written into it. `None`: the instance reads the bar as it is.
    pub feed: Option<(Input, usize)>,
    pub outputs: usize,
}

impl IndicatorNode {
    /// The bar the instance sees, or `None` if the fed value is not finite: a nested
    /// indicator skips those bars (warm-up of its input, a division by zero) instead
    /// of letting one NaN poison its running state for good.
    fn bar(&self, slots: &[f64], bar: &Bar) -> Option<Bar> {
        match self.feed {
            None => Some(*bar),
            Some((input, slot)) => {
                let value = read(slots, slot);
                value.is_finite().then(|| {
                    let mut fed = *bar;
                    fed.set(input, value);
                    fed
                })
            }
        }
    }
}

/// The kinds of node; operands are slot indices of earlier nodes.
pub(crate) enum Op {
    Const(f64),
    Field(Field),
    Neg(usize),
    Arith(Arith, usize, usize),
    Compare(Compare, usize, usize),
    And(usize, usize),
    Or(usize, usize),
    Not(usize),
    Indicator(IndicatorNode),
    /// `prev(x, n)`: `history` keeps the last `n` values of `x`.
    Prev {
        source: usize,
        history: History,
    },
    /// `crossover` (`up`) / `crossunder`: the operands' values on the previous bar.
    Cross {
        a: usize,
        b: usize,
        up: bool,
        previous: (f64, f64),
    },
    /// `bars_since(cond)`: the last value given (NaN before the first true).
    BarsSince {
        condition: usize,
        last: f64,
    },
    /// `rising` (`up`) / `falling`: above (below) every one of the previous `n` values.
    Trend {
        source: usize,
        up: bool,
        history: History,
    },
    /// `highest` (`max`) / `lowest` over the current and the previous `n - 1` values.
    Extreme {
        source: usize,
        max: bool,
        history: History,
    },
}

/// The last `len` values of a series, oldest first.
pub(crate) struct History {
    len: usize,
    values: VecDeque<f64>,
}

impl History {
    pub(crate) fn new(len: usize) -> History {
        // Grows as bars arrive: a long window costs memory only once it is filled.
        History { len, values: VecDeque::new() }
    }

    fn full(&self) -> bool {
        self.values.len() >= self.len
    }

    fn push(&mut self, value: f64) {
        if self.len == 0 {
            return;
        }
        if self.values.len() >= self.len {
            self.values.pop_front();
        }
        self.values.push_back(value);
    }

    fn clear(&mut self) {
        self.values.clear();
    }
}

pub(crate) struct Node {
    pub op: Op,
    /// First slot written (multi-output indicators write `outputs` consecutive slots).
    pub out: usize,
}

fn read(slots: &[f64], slot: usize) -> f64 {
    slots.get(slot).copied().unwrap_or(f64::NAN)
}

fn write(slots: &mut [f64], slot: usize, value: f64) {
    if let Some(s) = slots.get_mut(slot) {
        *s = value;
    }
}

impl Node {
    /// Computes this node's value(s) for `bar` and advances its state.
    pub(crate) fn update(&mut self, slots: &mut [f64], bar: &Bar) {
        if let Op::Indicator(node) = &mut self.op {
            let fed = node.bar(slots, bar);
            if let Some(out) = slots.get_mut(self.out..self.out + node.outputs) {
                out.fill(f64::NAN);
                if let Some(fed) = fed {
                    node.inner.update(&fed, out);
                }
            }
            return;
        }
        let value = self.value(slots, bar);
        write(slots, self.out, value);
        match &mut self.op {
            Op::Prev { source, history } => history.push(read(slots, *source)),
            Op::Trend { source, history, .. } | Op::Extreme { source, history, .. } => history.push(read(slots, *source)),
            Op::Cross { a, b, previous, .. } => *previous = (read(slots, *a), read(slots, *b)),
            Op::BarsSince { last, .. } => *last = value,
            _ => {}
        }
    }

    /// Computes this node's value(s) for `bar` without changing any state.
    pub(crate) fn peek(&self, slots: &mut [f64], bar: &Bar) {
        if let Op::Indicator(node) = &self.op {
            let fed = node.bar(slots, bar);
            if let Some(out) = slots.get_mut(self.out..self.out + node.outputs) {
                out.fill(f64::NAN);
                if let Some(fed) = fed {
                    node.inner.peek(&fed, out);
                }
            }
            return;
        }
        let value = self.value(slots, bar);
        write(slots, self.out, value);
    }

    pub(crate) fn reset(&mut self) {
        match &mut self.op {
            Op::Indicator(node) => node.inner.reset(),
            Op::Prev { history, .. } | Op::Trend { history, .. } | Op::Extreme { history, .. } => history.clear(),
            Op::Cross { previous, .. } => *previous = (f64::NAN, f64::NAN),
            Op::BarsSince { last, .. } => *last = f64::NAN,
            _ => {}
        }
    }

    /// The value of a single-slot node from its operands and its state before this bar.
    fn value(&self, slots: &[f64], bar: &Bar) -> f64 {
        let get = |slot: usize| read(slots, slot);
        match &self.op {
            Op::Const(value) => *value,
            Op::Field(field) => field.value(bar),
            Op::Neg(x) => -get(*x),
            Op::Arith(op, a, b) => {
                let (a, b) = (get(*a), get(*b));
                match op {
                    Arith::Add => a + b,
                    Arith::Sub => a - b,
                    Arith::Mul => a * b,
                    Arith::Div => a / b,
                }
            }
            Op::Compare(op, a, b) => {
                let (a, b) = (get(*a), get(*b));
                if a.is_nan() || b.is_nan() {
                    return UNKNOWN;
                }
                truth(match op {
                    Compare::Lt => a < b,
                    Compare::Le => a <= b,
                    Compare::Gt => a > b,
                    Compare::Ge => a >= b,
                    Compare::Eq => a == b,
                    Compare::Ne => a != b,
                })
            }
            // Kleene logic: a known operand decides when it can (false and unknown = false).
            Op::And(a, b) => match (get(*a), get(*b)) {
                (a, b) if a == FALSE || b == FALSE => FALSE,
                (a, b) if a == TRUE && b == TRUE => TRUE,
                _ => UNKNOWN,
            },
            Op::Or(a, b) => match (get(*a), get(*b)) {
                (a, b) if a == TRUE || b == TRUE => TRUE,
                (a, b) if a == FALSE && b == FALSE => FALSE,
                _ => UNKNOWN,
            },
            Op::Not(x) => match get(*x) {
                x if x == TRUE => FALSE,
                x if x == FALSE => TRUE,
                _ => UNKNOWN,
            },
            Op::Indicator(_) => f64::NAN,
            Op::Prev { source, history } => {
                if history.len == 0 {
                    get(*source)
                } else if history.full() {
                    history.values.front().copied().unwrap_or(f64::NAN)
                } else {
                    f64::NAN
                }
            }
            Op::Cross { a, b, up, previous: (pa, pb) } => {
                let (a, b) = (get(*a), get(*b));
                if [a, b, *pa, *pb].iter().any(|v| v.is_nan()) {
                    UNKNOWN
                } else if *up {
                    truth(a > b && pa <= pb)
                } else {
                    truth(a < b && pa >= pb)
                }
            }
            Op::BarsSince { condition, last } => {
                if get(*condition) == TRUE {
                    0.0
                } else {
                    last + 1.0
                }
            }
            Op::Trend { source, up, history } => {
                let x = get(*source);
                if x.is_nan() || !history.full() || history.values.iter().any(|v| v.is_nan()) {
                    UNKNOWN
                } else if *up {
                    truth(history.values.iter().all(|&v| x > v))
                } else {
                    truth(history.values.iter().all(|&v| x < v))
                }
            }
            Op::Extreme { source, max, history } => {
                let x = get(*source);
                if x.is_nan() || !history.full() || history.values.iter().any(|v| v.is_nan()) {
                    f64::NAN
                } else if *max {
                    history.values.iter().fold(x, |m, &v| m.max(v))
                } else {
                    history.values.iter().fold(x, |m, &v| m.min(v))
                }
            }
        }
    }
}
