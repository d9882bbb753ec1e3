//! Issue 16: fly-out tables from the process cache and the disk cache are the built tables,
//! bit for bit; a corrupt or foreign disk entry is rebuilt and replaced, never used. (One test
//! function: the cache is process-wide.)

use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::catalogs::Catalogs;
use shieldsim_scenario::table_cache::{self, disk_path, stats};

#[test]
fn tables_from_memory_and_disk_are_the_built_ones() {
    let catalogs = Catalogs::bundled().expect("catalog");
    let arch = catalogs
        .defence
        .architecture(&catalogs.catalog, "epaa-phase-3")
        .expect("architecture");
    let model = &arch.interceptors[0].1;
    let key = FlyoutTable::cache_key(model);
    let built = FlyoutTable::build(model)
        .expect("builds")
        .to_bytes()
        .expect("stores");
    let dir = std::env::temp_dir().join(format!("shieldsim-table-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    table_cache::set_disk_dir(Some(dir.clone()));
    table_cache::clear_memory();
    let bytes = |t: FlyoutTable| t.to_bytes().expect("stores");

    let s0 = stats();
    assert_eq!(bytes(table_cache::table(model).expect("table")), built);
    let s1 = stats();
    assert_eq!(s1.built, s0.built + 1);
    assert!(disk_path(&dir, &key).is_file(), "stored");
    // From memory.
    assert_eq!(bytes(table_cache::table(model).expect("table")), built);
    assert_eq!(stats().memory_hits, s1.memory_hits + 1);
    // From disk.
    table_cache::clear_memory();
    assert_eq!(bytes(table_cache::table(model).expect("table")), built);
    let s2 = stats();
    assert_eq!((s2.disk_hits, s2.built), (s1.disk_hits + 1, s1.built));
    // Corrupt (one flipped bit), then foreign (another model's table under this name): each
    // refused, rebuilt, replaced.
    let mut other = model.clone();
    other.burnout_speed_m_s += 100.0;
    let foreign = FlyoutTable::build(&other)
        .expect("builds")
        .to_bytes()
        .expect("stores");
    let mut flipped = built.clone();
    flipped[built.len() / 3] ^= 0x04;
    for bad in [flipped, foreign] {
        std::fs::write(disk_path(&dir, &key), &bad).expect("write");
        table_cache::clear_memory();
        let before = stats();
        assert_eq!(bytes(table_cache::table(model).expect("table")), built);
        let after = stats();
        assert_eq!(after.disk_rejected, before.disk_rejected + 1);
        assert_eq!(after.built, before.built + 1);
        assert_eq!(std::fs::read(disk_path(&dir, &key)).expect("read"), built);
    }
    // No disk cache: built again, the same bits.
    table_cache::set_disk_dir(None);
    table_cache::clear_memory();
    assert_eq!(bytes(table_cache::table(model).expect("table")), built);
    let _ = std::fs::remove_dir_all(&dir);
}
