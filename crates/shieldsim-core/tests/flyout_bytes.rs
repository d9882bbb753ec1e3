//! Issue 16: a fly-out table stored as bytes and read back is the table built directly (every
//! node's bits), and a stored table that is corrupt, partial, or built for another model is
//! refused rather than trusted.

mod common;

use common::sm3_iia;
use shieldsim_core::interceptor::FlyoutTable;
use std::sync::Arc;

#[test]
fn a_stored_table_reads_back_bit_for_bit() {
    let i = sm3_iia();
    let built = FlyoutTable::build(&i).expect("builds");
    let bytes = built.to_bytes().expect("a built table stores");
    let read = FlyoutTable::from_bytes(&i, &bytes).expect("reads back");
    assert_eq!(read.to_bytes().expect("stores"), bytes);
    assert_eq!(read.total_dv_m_s.to_bits(), built.total_dv_m_s.to_bits());
    assert_eq!(read.max_range_m(), built.max_range_m());
    assert_eq!(read.max_alt_m(), built.max_alt_m());
    let mut reached = 0;
    for a in 0..97 {
        for b in 0..61 {
            let range_m = built.max_range_m() * a as f64 / 96.0 + 333.0;
            let alt_m = built.max_alt_m() * b as f64 / 60.0 + 111.0;
            let (x, y) = (built.reach(range_m, alt_m), read.reach(range_m, alt_m));
            assert_eq!(
                format!("{x:?}"),
                format!("{y:?}"),
                "at {range_m} m, {alt_m} m"
            );
            reached += usize::from(x.is_some());
        }
    }
    assert!(reached > 100, "only {reached} reachable points compared");
}

#[test]
fn a_corrupt_partial_or_foreign_table_is_refused() {
    let i = sm3_iia();
    let bytes = FlyoutTable::build(&i)
        .expect("builds")
        .to_bytes()
        .expect("stores");
    // One flipped bit anywhere.
    for at in [0, 20, 40, bytes.len() / 2, bytes.len() - 9, bytes.len() - 1] {
        let mut b = bytes.clone();
        b[at] ^= 0x10;
        assert!(FlyoutTable::from_bytes(&i, &b).is_err(), "flip at {at}");
    }
    // Cut short.
    for n in [0, 7, 100, bytes.len() - 1] {
        assert!(
            FlyoutTable::from_bytes(&i, &bytes[..n]).is_err(),
            "cut at {n}"
        );
    }
    // Another model (a burnout speed one ulp away).
    let mut other = i.clone();
    other.burnout_speed_m_s = f64::from_bits(other.burnout_speed_m_s.to_bits() + 1);
    let e = FlyoutTable::from_bytes(&other, &bytes).expect_err("refused");
    assert!(e.contains("another model"), "{e}");
    assert_ne!(FlyoutTable::cache_key(&i), FlyoutTable::cache_key(&other));
}

#[test]
fn a_blended_table_is_not_stored() {
    let i = sm3_iia();
    let mut j = i.clone();
    j.burnout_speed_m_s += 100.0;
    let (a, b) = (
        Arc::new(FlyoutTable::build(&i).expect("builds")),
        Arc::new(FlyoutTable::build(&j).expect("builds")),
    );
    assert!(FlyoutTable::between(a, b, 0.5).to_bytes().is_none());
}
