//! A tiny, portable, deterministic pseudo-random number generator (SplitMix64).
//!
//! The corpus must be byte-identical for the same size and seed on every machine and
//! every Rust version, so it uses this fixed algorithm instead of an external crate
//! whose streams may change between releases. Only integer arithmetic is used for
//! anything that reaches the output; floats are used only for size targets and are
//! computed with operations that IEEE 754 defines exactly (no `ln`/`exp` from libm).

/// SplitMix64 (Steele, Lea, Flood 2014): 64 bits of state, passes BigCrush.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// An independent stream for item `index` of a corpus seeded with `seed`, so each
    /// document can be generated on its own (order-independent and parallelisable).
    pub fn for_item(seed: u64, index: u64) -> Self {
        let mut mix = Self::new(seed ^ 0x5DEE_CE66_D1CE_4E5B);
        let a = mix.next_u64();
        let mut r = Self::new(a ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias worth caring about
    /// (Lemire's multiply-shift).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        debug_assert!(lo <= hi);
        lo + self.below(hi - lo + 1)
    }

    /// A uniform `usize` index into a slice of length `len` (`len > 0`).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A uniform float in `[0, 1)` with 53 bits of precision.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// An index chosen with probability proportional to `weights[i]`.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// Up to `k` distinct elements of `items`, in random order.
    pub fn sample<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let k = k.min(items.len());
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..k {
            let j = i + self.index(items.len() - i);
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| &items[i]).collect()
    }

    /// An approximately standard-normal value (Irwin–Hall: sum of 12 uniforms − 6).
    /// Uses only additions, so the result is bit-identical everywhere.
    pub fn normal(&mut self) -> f64 {
        let mut s = 0.0;
        for _ in 0..12 {
            s += self.unit();
        }
        s - 6.0
    }

    /// An approximately log-normal value with the given median and log-space sigma.
    /// `exp` is computed by [`exp_portable`] so the result is the same on every platform.
    pub fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * exp_portable(sigma * self.normal())
    }
}

/// `e^x` by range reduction and a fixed Taylor series: only `+`, `*`, `/` and integer
/// powers, so it is bit-reproducible across platforms (unlike libm's `exp`).
pub fn exp_portable(x: f64) -> f64 {
    // e^x = (e^(x/2^k))^(2^k); with k = 8, |x/256| is small and 12 terms are plenty.
    let k = 8;
    let y = x / 256.0;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=12 {
        term = term * y / f64::from(i);
        sum += term;
    }
    for _ in 0..k {
        sum *= sum;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_stream() {
        // Reference values of SplitMix64 seeded with 1234567.
        let mut r = Rng::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn exp_is_close() {
        for x in [-3.0, -1.0, 0.0, 0.5, 1.0, 2.5] {
            let e = exp_portable(x);
            assert!((e - f64::exp(x)).abs() / f64::exp(x) < 1e-9, "{x}: {e}");
        }
    }

    #[test]
    fn below_in_range() {
        let mut r = Rng::new(7);
        for n in 1..200 {
            assert!(r.below(n) < n);
        }
    }
}
