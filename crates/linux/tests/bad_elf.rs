//! Damaged executables must give a clear error, never a panic: the bundled example ELF is
//! corrupted at random in its headers and loaded many times.

use rivet_core::mem::GuestMemory;
use rivet_linux::loader;
use std::path::Path;

fn example() -> Vec<u8> {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/mandelbrot");
    std::fs::read(p).expect("examples/mandelbrot is part of the repository")
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn the_example_loads() {
    let data = example();
    let path = Path::new("mandelbrot");
    let elf = loader::validate(path, &data).expect("valid");
    let mem = GuestMemory::new(38).unwrap();
    let img = loader::map(path, &data, &elf, 0, &mem).expect("maps");
    assert!(img.entry >= img.start_code && img.entry < img.end_code);
    assert!(img.interp.is_none());
}

#[test]
fn corrupted_headers_fail_cleanly() {
    let good = example();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut errors = 0;
    for _ in 0..3000 {
        let mut data = good.clone();
        let flips = 1 + rng.next() % 6;
        for _ in 0..flips {
            // Aim at the ELF header and program headers, where the loader's decisions are made.
            let at = (rng.next() % 0x200) as usize;
            data[at] = rng.next() as u8;
        }
        if rng.next().is_multiple_of(8) {
            data.truncate((rng.next() % data.len() as u64) as usize);
        }
        let path = Path::new("corrupt");
        match loader::validate(path, &data) {
            Ok(elf) => {
                let mem = GuestMemory::new(38).unwrap();
                let bias = if elf.header.e_type == goblin::elf::header::ET_DYN { 0x10_0000_0000 } else { 0 };
                if let Err(e) = loader::map(path, &data, &elf, bias, &mem) {
                    assert!(e.to_string().starts_with("corrupt: "));
                    errors += 1;
                }
            }
            Err(e) => {
                assert!(e.to_string().starts_with("corrupt: "), "{e}");
                errors += 1;
            }
        }
    }
    assert!(errors > 100, "the corruption should break most files ({errors})");
}
