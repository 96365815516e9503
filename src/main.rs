fn main() {
    std::process::exit(derek::cli::main());
}
