//! Issue 4: closed-form (exact) and Monte Carlo probability of no leaker agree within three
//! standard errors over a grid of kill probabilities, shots and raid sizes; the Monte Carlo is
//! bit-identical for any thread count.

use shieldsim_core::effectiveness::{Doctrine, monte_carlo, p_no_leak};

#[test]
fn val_monte_carlo_agrees_with_exact() {
    let trials = 100_000;
    let (mut cases, mut worst_z) = (0, 0.0f64);
    for pk in [0.5, 0.7, 0.9] {
        for shots in [1, 2] {
            for raid in [1, 3, 8] {
                for opportunities in [1, 2] {
                    // Inventory from ample to short.
                    for inventory in [raid * shots * opportunities, raid * shots, raid] {
                        let d = Doctrine {
                            pk,
                            shots_per_salvo: shots,
                            opportunities,
                            inventory,
                            raid_size: raid,
                        };
                        let exact = p_no_leak(&d);
                        let (mc, _) = monte_carlo(&d, trials, 20261123 + cases as u64);
                        // The standard error under the hypothesis that the exact value is right
                        // (the sample's own estimate is unreliable near 0 and 1).
                        let se = (exact * (1.0 - exact) / trials as f64).sqrt();
                        let z = if se > 0.0 {
                            (mc - exact).abs() / se
                        } else {
                            assert_eq!(mc, exact);
                            0.0
                        };
                        worst_z = worst_z.max(z);
                        cases += 1;
                        assert!(z < 3.0, "{d:?}: exact {exact:.5}, MC {mc:.5} ± {se:.5}");
                    }
                }
            }
        }
    }
    println!("effectiveness: {cases} cases × {trials} trials, max |MC − exact| = {worst_z:.2} SE");
}

#[test]
fn prop_monte_carlo_independent_of_thread_count() {
    let d = Doctrine {
        pk: 0.8,
        shots_per_salvo: 2,
        opportunities: 2,
        inventory: 10,
        raid_size: 4,
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| monte_carlo(&d, 50_000, 7))
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(5));
}
