// With the `mimalloc` feature, mimalloc replaces malloc and free for the whole process (its
// `override`), so Rust, RocksDB and libc all allocate and free through the same allocator:
// RocksDB hands Rust error strings it made with strdup, which Rust frees (BENCHMARKS.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(derek::cli::main());
}
