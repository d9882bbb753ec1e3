//! Effectiveness: the probability that no warhead of a raid leaks through, from single-shot
//! kill probability, shots per salvo, shoot-look-shoot opportunities and inventory.
//!
//! **Doctrine.** Threats are engaged one after another. Against each, the defence fires up to
//! `opportunities` salvos in shoot-look-shoot order, each of `shots_per_salvo` interceptors
//! (fewer if the inventory runs short; none if it is empty), stopping at the first kill. Shots
//! are independent with kill probability `pk`, so a salvo of n shots kills with 1 − (1 − pk)ⁿ.
//! A threat leaks if every salvo fails or no interceptor is left.
//!
//! **Exact value** ([`p_no_leak`]): a recursion over the remaining inventory, threat by
//! threat. With inventory to spare it is the closed form [1 − (1 − pk)^(s·w)]^N.
//!
//! **Monte Carlo** ([`monte_carlo`]): the same doctrine sampled. Trial i draws from its own
//! xoshiro256++ generator seeded from (seed, i), and the trials' no-leak counts are summed as
//! integers, so the result is bit-identical for any number of threads.

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rayon::prelude::*;

/// A raid and the defence's doctrine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Doctrine {
    /// Single-shot kill probability (0 … 1).
    pub pk: f64,
    /// Interceptors per salvo (≥ 1).
    pub shots_per_salvo: u32,
    /// Shoot-look-shoot opportunities per threat (≥ 1).
    pub opportunities: u32,
    /// Interceptors available.
    pub inventory: u32,
    /// Threats in the raid.
    pub raid_size: u32,
}

impl Doctrine {
    /// Check the numbers; says which one is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.pk) {
            return Err(format!("kill probability {} outside 0 … 1", self.pk));
        }
        if self.shots_per_salvo == 0 || self.opportunities == 0 {
            return Err("shots per salvo and opportunities must be at least 1".into());
        }
        Ok(())
    }
}

/// Probability that a salvo of `n` shots kills.
fn salvo_kill(pk: f64, n: u32) -> f64 {
    1.0 - (1.0 - pk).powi(n as i32)
}

/// The exact probability that no threat leaks (see the module notes).
pub fn p_no_leak(d: &Doctrine) -> f64 {
    let inv = d.inventory as usize;
    // p[r]: probability that every threat so far was killed, with r interceptors left.
    let mut p = vec![0.0; inv + 1];
    p[inv] = 1.0;
    for _ in 0..d.raid_size {
        let mut done = vec![0.0; inv + 1];
        // Probability of still engaging this threat with r left, before salvo k.
        let mut alive = p.clone();
        for _ in 0..d.opportunities {
            let mut next = vec![0.0; inv + 1];
            for (r, &a) in alive.iter().enumerate() {
                if a == 0.0 {
                    continue;
                }
                let n = d.shots_per_salvo.min(r as u32);
                if n == 0 {
                    continue; // nothing left to fire: the threat leaks
                }
                let q = salvo_kill(d.pk, n);
                let left = r - n as usize;
                done[left] += a * q;
                next[left] += a * (1.0 - q);
            }
            alive = next;
        }
        p = done;
    }
    p.iter().sum()
}

/// The Monte Carlo estimate: (fraction of trials with no leaker, its standard error).
pub fn monte_carlo(d: &Doctrine, trials: u64, seed: u64) -> (f64, f64) {
    let no_leak: u64 = (0..trials)
        .into_par_iter()
        .map(|i| u64::from(trial(d, seed, i)))
        .sum();
    let p = no_leak as f64 / trials as f64;
    (p, (p * (1.0 - p) / trials as f64).sqrt())
}

/// One raid: true if no threat leaks.
fn trial(d: &Doctrine, seed: u64, index: u64) -> bool {
    // Distinct, well-mixed streams per trial: the seeding hashes (seed, index) through
    // SplitMix64 inside `seed_from_u64`.
    let mut rng =
        Xoshiro256PlusPlus::seed_from_u64(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut left = d.inventory;
    for _ in 0..d.raid_size {
        let mut killed = false;
        for _ in 0..d.opportunities {
            let n = d.shots_per_salvo.min(left);
            if n == 0 {
                break;
            }
            left -= n;
            // Uniform in [0, 1) from the top 53 bits.
            if (0..n).any(|_| ((rng.next_u64() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < d.pk)
            {
                killed = true;
                break;
            }
        }
        if !killed {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analytic_ample_inventory_is_the_closed_form() {
        let d = Doctrine {
            pk: 0.7,
            shots_per_salvo: 2,
            opportunities: 2,
            inventory: 1000,
            raid_size: 5,
        };
        let closed = (1.0 - 0.3f64.powi(4)).powi(5);
        assert!((p_no_leak(&d) - closed).abs() < 1e-14);
    }

    #[test]
    fn analytic_no_inventory_means_leak() {
        let d = Doctrine {
            pk: 0.9,
            shots_per_salvo: 1,
            opportunities: 3,
            inventory: 0,
            raid_size: 1,
        };
        assert_eq!(p_no_leak(&d), 0.0);
    }
}
