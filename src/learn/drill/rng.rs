//! The drill's own random numbers: SplitMix64, a few lines of integer
//! arithmetic that give the same sequence on every machine, so a seed
//! names one drill everywhere (a classroom hands out the seed).

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for one part of a drill: the same seed and the same
    /// parts give the same numbers, whatever was drawn elsewhere.
    pub fn for_part(seed: u64, parts: &[u64]) -> Rng {
        let mut r = Rng(seed);
        for p in parts {
            r.0 ^= p.wrapping_mul(0xD6E8_FEB8_6659_FD93);
            r.next();
        }
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0); the tiny bias of a modulo does not
    /// matter for picking names.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Fisher-Yates, in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_fixed_for_a_seed() {
        // SplitMix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next(), 0xE220_A839_7B1D_CDAF);
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(42);
                move |_| r.next()
            })
            .collect();
        let b: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(42);
                move |_| r.next()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(Rng::new(43).next(), a[0]);
    }

    #[test]
    fn parts_give_different_streams() {
        assert_ne!(Rng::for_part(7, &[1]).next(), Rng::for_part(7, &[2]).next());
        assert_eq!(
            Rng::for_part(7, &[1, 2]).next(),
            Rng::for_part(7, &[1, 2]).next()
        );
    }
}
